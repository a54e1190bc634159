/**
 * Reading a query plan from `explain`, on either server the project runs on: FerretDB v1 on SQLite (its
 * `queryPlanner.Plan` holds the lines of SQLite's EXPLAIN QUERY PLAN for the SQL it sends) or MongoDB
 * (`queryPlanner.winningPlan`, a tree of stages). Used by the tests that pin index use.
 */
export interface PlanReading {
  /** The index names the plan reads through (SQLite: `<table>_<index>`; MongoDB: the index name). */
  indexes: string[];
  /** True when some part of the plan reads the whole collection. */
  scans: boolean;
  /** The plan as text, for an assertion's message. */
  text: string;
}

interface Stage {
  stage?: string;
  indexName?: string;
  inputStage?: Stage;
  inputStages?: Stage[];
  queryPlan?: Stage;
}

function mongoStages(stage: Stage | undefined, out: Stage[]): Stage[] {
  if (!stage) return out;
  out.push(stage);
  mongoStages(stage.inputStage, out);
  mongoStages(stage.queryPlan, out);
  for (const s of stage.inputStages ?? []) mongoStages(s, out);
  return out;
}

export function readPlan(explain: Record<string, unknown>): PlanReading {
  const planner = (explain.queryPlanner ?? {}) as { Plan?: string[]; winningPlan?: Stage };
  if (Array.isArray(planner.Plan)) {
    const lines = planner.Plan.map(String);
    const indexes = lines.flatMap((l) => [...l.matchAll(/USING (?:COVERING )?INDEX (\S+)/g)].map((m) => m[1]!));
    return { indexes, scans: lines.some((l) => /detail=SCAN /.test(l)) || lines.length === 0, text: lines.join('\n') };
  }
  const stages = mongoStages(planner.winningPlan, []);
  return {
    indexes: stages.flatMap((s) => (s.indexName ? [s.indexName] : s.stage === 'IDHACK' || s.stage === 'EXPRESS_IXSCAN' ? ['_id_'] : [])),
    scans: stages.length === 0 || stages.some((s) => s.stage === 'COLLSCAN'),
    text: JSON.stringify(planner.winningPlan),
  };
}

/** True when the plan reads through the index of that name (FerretDB names its SQLite index `<table>_<name>`). */
export function planUsesIndex(reading: PlanReading, indexName: string): boolean {
  return !reading.scans && reading.indexes.some((n) => n === indexName || n.endsWith(`_${indexName}`));
}
