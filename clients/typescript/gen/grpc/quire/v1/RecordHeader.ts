// Original file: proto/quire/v1/log.proto


export interface RecordHeader {
  'name'?: (string);
  'value'?: (Buffer | Uint8Array | string);
}

export interface RecordHeader__Output {
  'name': (string);
  'value': (Buffer);
}
