// Just enough PromQL reading to list the metric names an expression selects, so tests can
// check alert rules and dashboards against the names the code exports.

const NON_METRIC_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'group',
  'count_values',
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'changes',
  'resets',
  'abs',
  'ceil',
  'floor',
  'round',
  'clamp',
  'clamp_min',
  'clamp_max',
  'absent',
  'absent_over_time',
  'histogram_quantile',
  'label_replace',
  'label_join',
  'vector',
  'scalar',
  'time',
  'timestamp',
  'sort',
  'sort_desc',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'quantile_over_time',
  'predict_linear',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** Metric names selected by a PromQL expression (label names, functions and literals removed). */
export function metricNamesInPromql(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    if (!NON_METRIC_WORDS.has(word.toLowerCase())) names.add(word);
  }
  return [...names].sort();
}

/** Values of `job="..."` matchers in an expression. */
export function jobsInPromql(expr: string): string[] {
  return [...expr.matchAll(/\bjob\s*=~?\s*"([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split('|'));
}
