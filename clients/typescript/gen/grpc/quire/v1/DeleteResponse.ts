// Original file: proto/quire/v1/ledger.proto


export interface DeleteResponse {
}

export interface DeleteResponse__Output {
}
