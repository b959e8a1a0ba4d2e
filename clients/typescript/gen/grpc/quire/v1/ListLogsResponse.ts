// Original file: proto/quire/v1/log.proto


export interface ListLogsResponse {
  'names'?: (string)[];
  'nextPageToken'?: (string);
}

export interface ListLogsResponse__Output {
  'names': (string)[];
  'nextPageToken': (string);
}
