// Typed NULLs for the statements that read several kinds of rows in one round trip, a UNION whose
// branches share generic columns (member-marks.ts, page-reads.ts): PostgreSQL resolves each UNION
// column's type from its branches, and an untyped NULL in a DISTINCT branch is taken as text
// before it meets a number.
import { raw } from '../db/db.ts';

export const NULL_NUMBER = raw('CAST(NULL AS BIGINT)');
export const NULL_TEXT = raw('CAST(NULL AS TEXT)');
