// Original file: proto/quire/v1/log.proto


export interface ListLogsRequest {
  'prefix'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListLogsRequest__Output {
  'prefix': (string);
  'pageSize': (number);
  'pageToken': (string);
}
