// Original file: proto/quire/v1/log.proto


export interface DeleteLogResponse {
}

export interface DeleteLogResponse__Output {
}
