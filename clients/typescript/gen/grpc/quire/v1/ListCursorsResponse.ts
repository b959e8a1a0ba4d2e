// Original file: proto/quire/v1/log.proto

import type { Cursor as _quire_v1_Cursor, Cursor__Output as _quire_v1_Cursor__Output } from '../../quire/v1/Cursor.js';

export interface ListCursorsResponse {
  'cursors'?: (_quire_v1_Cursor)[];
}

export interface ListCursorsResponse__Output {
  'cursors': (_quire_v1_Cursor__Output)[];
}
