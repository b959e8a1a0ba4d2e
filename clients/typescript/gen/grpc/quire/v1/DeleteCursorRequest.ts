// Original file: proto/quire/v1/log.proto


export interface DeleteCursorRequest {
  'name'?: (string);
  'cursor'?: (string);
}

export interface DeleteCursorRequest__Output {
  'name': (string);
  'cursor': (string);
}
