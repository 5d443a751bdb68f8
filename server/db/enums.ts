/**
 * Compile-time proof that the database's enums and lib/domain.ts say the same
 * words: a value added to one and not the other fails `tsc` here.
 */
import type * as Db from "@/server/db/generated/enums";
import type { AlertSource, AlertState, RuleKind, Severity } from "@/lib/domain";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type DomainEnumsAgree = [
  Same<Db.AlertState, AlertState>,
  Same<Db.Severity, Severity>,
  Same<Db.AlertSource, AlertSource>,
  Same<Db.RuleKind, RuleKind>,
] extends [true, true, true, true]
  ? true
  : never;

// Assigning `true` fails to compile when any pair differs.
const _domainEnumsAgree: DomainEnumsAgree = true;
