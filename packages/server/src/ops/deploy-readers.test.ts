// The readers behind the deploy-artifact tests must find what they look for, or those tests
// would pass on anything.
import { describe, expect, it } from 'vitest';
import { metricNamesInPromql, jobsInPromql } from '../test-support/deploy/promql.js';
import { argsOf, findDeep, parseNginx } from '../test-support/deploy/nginx-conf.js';
import { parseEnvFile } from '../test-support/deploy/files.js';

describe('metricNamesInPromql', () => {
  it.each([
    ['up{job="grimnir-radio"} == 0', ['up']],
    ['sum(increase(a_total[1h])) > 10', ['a_total']],
    ['sum by (station_id, mount) (increase(b_total{x="y"}[1h])) > 5', ['b_total']],
    ['c == 1 or c == 3', ['c']],
    ['(changes(d[2h]) == 0) and (d == 2)', ['d']],
    ['histogram_quantile(0.99, sum by (le) (rate(e_bucket[5m])))', ['e_bucket']],
    ['max by (instance, route) (f{quantile="0.99", route="/a b"}) > 1', ['f']],
    ['sum by (instance) (rate(g[5m])) > bool 0', ['g']],
    ['h / on(instance) group_left(version) i', ['h', 'i']],
  ])('%s selects %j', (expr, names) => {
    expect(metricNamesInPromql(expr)).toEqual(names);
  });

  it('reads job matchers, including alternatives', () => {
    expect(jobsInPromql('x{job=~"a|b"} + y{job="c"}')).toEqual(['a', 'b', 'c']);
  });
});

describe('parseNginx', () => {
  const conf = parseNginx(`
    map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
    server {
      listen 80; # comment with { brace
      location ~ ^/(live|stream)/ { proxy_buffering off; proxy_read_timeout 24h; }
      add_header X-Test "a b;c" always;
    }`);

  it('nests blocks and keeps arguments', () => {
    expect(conf.map((d) => d.name)).toEqual(['map', 'server']);
    const location = findDeep(conf, 'location')[0];
    expect(location?.args).toEqual(['~', '^/(live|stream)/']);
    expect(argsOf(location?.block ?? [], 'proxy_read_timeout')).toEqual(['24h']);
    expect(argsOf(conf[1]?.block ?? [], 'add_header')).toEqual(['X-Test', 'a b;c', 'always']);
  });

  it.each(['server { listen 80;', 'server { listen 80; } }', 'listen 80'])(
    'rejects unbalanced input %j',
    (text) => {
      expect(() => parseNginx(text)).toThrow();
    },
  );
});

describe('parseEnvFile', () => {
  it('reads settings and skips comments', () => {
    const vars = parseEnvFile('# A=1\nB=two words\n\nC=\n  D=x=y\n');
    expect([...vars]).toEqual([
      ['B', 'two words'],
      ['C', ''],
      ['D', 'x=y'],
    ]);
  });
});
