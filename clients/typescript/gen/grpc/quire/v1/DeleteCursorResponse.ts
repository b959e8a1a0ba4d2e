// Original file: proto/quire/v1/log.proto


export interface DeleteCursorResponse {
}

export interface DeleteCursorResponse__Output {
}
