// Original file: proto/quire/v1/log.proto


export interface ListCursorsRequest {
  'name'?: (string);
}

export interface ListCursorsRequest__Output {
  'name': (string);
}
