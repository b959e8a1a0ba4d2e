// Original file: proto/quire/v1/ledger.proto


export interface ListRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
}
