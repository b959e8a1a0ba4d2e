// Original file: proto/quire/v1/blob.proto


export interface DeleteBlobResponse {
}

export interface DeleteBlobResponse__Output {
}
