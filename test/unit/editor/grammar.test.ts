import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The TextMate grammar's regexes, compiled as JavaScript regexes (the ones
// used here are valid in both Oniguruma and JS): which words get which scope.

interface Rule { match?: string; begin?: string; name?: string; captures?: Record<string, { name: string }>; patterns?: Rule[] }
const grammar = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../media/bpnb.tmLanguage.json'), 'utf8')) as {
  scopeName: string; repository: Record<string, Rule>;
};

function rule(name: string): RegExp {
  const r = grammar.repository[name];
  return new RegExp(r.match ?? r.begin ?? '', 'g');
}

function firstCapture(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map((m) => m[1] ?? m[0]);
}

describe('language/grammar (media/bpnb.tmLanguage.json)', () => {
  it('is source.bpnb', () => assert.equal(grammar.scopeName, 'source.bpnb'));

  it('colours command words only at the start of a statement', () => {
    const command = rule('command');
    assert.deepEqual(firstCapture(command, 'backward f'), ['backward']);
    assert.deepEqual(firstCapture(command, 'y = 1; check y'), ['check']);
    assert.deepEqual(firstCapture(command, 'q = show + 1'), []);
    assert.deepEqual(firstCapture(command, 'show = 3'), [], 'a variable named show');
    assert.deepEqual(firstCapture(command, 'plot f wrt x; descend L lr 1 to 0.1'), ['plot', 'descend']);
    assert.deepEqual(firstCapture(command, 'boundary s over X labels y'), ['boundary']);
  });

  it('knows strings (csv\'s file and column names), a # inside one not being a comment', () => {
    assert.deepEqual(firstCapture(rule('string'), 'X = csv("data/p#1.csv", \'x\') # "not"'), ['"data/p#1.csv"', "'x'", '"not"']);
    const patterns = (grammar as unknown as { patterns: { include: string }[] }).patterns.map((p) => p.include);
    assert.ok(patterns.indexOf('#string') < patterns.indexOf('#number'), 'a number inside a string stays part of the string');
  });

  it('knows numbers, comments and def', () => {
    assert.deepEqual(firstCapture(rule('number'), 'x = 2.5e-3 + 1 + .5 + w0'), ['2.5e-3', '1', '.5']);
    assert.deepEqual(firstCapture(rule('comment'), 'x = 1 # a note'), ['#']);
    const def = rule('def').exec('def sig(t) = 1 / (1 + exp(-t))');
    assert.deepEqual([def?.[1], def?.[2]], ['def', 'sig']);
  });

  it('tells built-in calls from user gate calls', () => {
    const [builtin, user] = grammar.repository.call.patterns!.map((p) => new RegExp(p.match!, 'g'));
    assert.deepEqual(firstCapture(builtin, 'y = sigmoid(x) + max(a, b) + sig(x)'), ['sigmoid', 'max']);
    assert.deepEqual(firstCapture(builtin, 'X = moons(100, 0.1); y = labels(X)'), ['moons', 'labels']);
    assert.ok(firstCapture(user, 'y = sig(x)').includes('sig'));
  });
});
