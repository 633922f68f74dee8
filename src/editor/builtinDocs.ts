// What hovers and completions say about each built-in function, operator and
// command: the definition and the local derivative as the lecture writes it
// (eˣ → eˣ, 1/x → −1/x², ax → a, c + x → 1, σ → (1 − σ)σ). Pure data.

export interface BuiltinDoc {
  name: string;
  /** How it is called, e.g. 'max(a, b)'. */
  signature: string;
  /** What it computes, in one line. */
  definition: string;
  /** The local derivative of the output w.r.t. each input. */
  derivatives: string[];
  /** How the gate passes the gradient back, in words, when there is a memorable pattern. */
  pattern?: string;
}

const fn = (name: string, signature: string, definition: string, derivatives: string[], pattern?: string): BuiltinDoc => ({
  name, signature, definition, derivatives, pattern,
});

/** Built-in functions by name (spec §1). The one-argument `max` is a reduction; see `maxReduce` below. */
export const BUILTIN_DOCS: Readonly<Record<string, BuiltinDoc>> = {
  exp: fn('exp', 'exp(x)', 'f(x) = eˣ', ['df/dx = eˣ (the output itself)']),
  log: fn('log', 'log(x)', 'f(x) = ln x (natural logarithm)', ['df/dx = 1/x']),
  sqrt: fn('sqrt', 'sqrt(x)', 'f(x) = √x', ['df/dx = 1/(2√x)']),
  abs: fn('abs', 'abs(x)', 'f(x) = |x|', ['df/dx = sign(x) (0 at x = 0)']),
  sin: fn('sin', 'sin(x)', 'f(x) = sin x', ['df/dx = cos x']),
  cos: fn('cos', 'cos(x)', 'f(x) = cos x', ['df/dx = −sin x']),
  tanh: fn('tanh', 'tanh(x)', 'f(x) = tanh x', ['df/dx = 1 − tanh²x']),
  sigmoid: fn('sigmoid', 'sigmoid(x)', 'σ(x) = 1 / (1 + e⁻ˣ)', ['dσ/dx = (1 − σ(x))·σ(x)']),
  relu: fn('relu', 'relu(x)', 'f(x) = max(0, x)', ['df/dx = 1 if x > 0, else 0'], 'routes the gradient: passes it through where x > 0, blocks it elsewhere'),
  neg: fn('neg', 'neg(x)', 'f(x) = −x', ['df/dx = −1']),
  max: fn('max', 'max(a, b)  ·  max(v)', 'the larger of a and b, element-wise; with one argument, the largest element of v',
    ['∂/∂a = 1 if a ≥ b, else 0', '∂/∂b = 1 if b > a, else 0'],
    'max gate: gradient router: the whole upstream gradient goes to the larger input, the other gets 0'),
  min: fn('min', 'min(a, b)', 'the smaller of a and b, element-wise',
    ['∂/∂a = 1 if a ≤ b, else 0', '∂/∂b = 1 if b < a, else 0'],
    'min gate: gradient router: the whole upstream gradient goes to the smaller input'),
  pow: fn('pow', 'pow(a, b)', 'f(a, b) = aᵇ (same as a ^ b)', ['∂f/∂a = b·aᵇ⁻¹', '∂f/∂b = aᵇ·ln a']),
  sum: fn('sum', 'sum(v)', 'the sum of all elements of v', ['∂/∂vᵢ = 1 for every i'], 'distributes the upstream gradient to every element'),
  mean: fn('mean', 'mean(v)', 'the average of the elements of v', ['∂/∂vᵢ = 1/n'], 'distributes 1/n of the upstream gradient to every element'),
  dot: fn('dot', 'dot(a, b)', 'Σᵢ aᵢbᵢ', ['∂/∂a = b', '∂/∂b = a'], 'like the mul gate, swaps its inputs'),
  transpose: fn('transpose', 'transpose(M)', 'Mᵀ', ['the upstream gradient, transposed back']),
  softmax: fn('softmax', 'softmax(v)', 'sᵢ = e^vᵢ / Σⱼ e^vⱼ', ['∂sᵢ/∂vⱼ = sᵢ(δᵢⱼ − sⱼ)']),
  logsumexp: fn('logsumexp', 'logsumexp(v)', 'log Σᵢ e^vᵢ (computed stably)', ['∂/∂vᵢ = softmax(v)ᵢ']),
  zeros: fn('zeros', 'zeros(n, m)', 'an n×m tensor of zeros', []),
  ones: fn('ones', 'ones(n, m)', 'an n×m tensor of ones', []),
  randn: fn('randn', 'randn(n, m)', 'an n×m tensor of standard normal samples (see `seed`)', []),
  rand: fn('rand', 'rand(n, m)', 'an n×m tensor of uniform samples in [0, 1) (see `seed`)', []),
  moons: fn('moons', 'moons(n, noise)', 'n points [n, 2] of two interleaving half circles with Gaussian noise (a constant; see `seed`, `labels`)', []),
  circles: fn('circles', 'circles(n, noise)', 'n points [n, 2] on two concentric circles with Gaussian noise (a constant; see `seed`, `labels`)', []),
  csv: fn('csv', 'csv("file.csv", column, …)', 'the numbers of a CSV file beside the notebook: [rows, columns], or the columns picked (by index, -1 the last, or by header name); a header row is skipped and its names kept', []),
  labels: fn('labels', 'labels(X)', 'the class, 0 or 1, of each point of a data set made by `moons` or `circles` (a constant vector [n])', []),
};

/** The operators, keyed by the engine's op name, for hovers on `+`, `*`, … in the source. */
export const OPERATOR_DOCS: Readonly<Record<string, BuiltinDoc>> = {
  add: fn('add', 'a + b', 'f = a + b  (the lecture\'s f_c(x) = c + x)', ['∂f/∂a = 1', '∂f/∂b = 1'],
    'add gate: gradient distributor: passes the upstream gradient unchanged to every input'),
  sub: fn('sub', 'a − b', 'f = a − b', ['∂f/∂a = 1', '∂f/∂b = −1'],
    'sub gate: passes the upstream gradient to a and its negative to b'),
  mul: fn('mul', 'a * b', 'f = a·b  (the lecture\'s f_a(x) = ax)', ['∂f/∂a = b', '∂f/∂b = a'],
    'mul gate: gradient switcher: each input gets the upstream gradient times the OTHER input'),
  div: fn('div', 'a / b', 'f = a / b  (the lecture\'s 1/x when a = 1)', ['∂f/∂a = 1/b', '∂f/∂b = −a/b²']),
  pow: fn('pow', 'a ^ b', 'f = aᵇ', ['∂f/∂a = b·aᵇ⁻¹', '∂f/∂b = aᵇ·ln a']),
  neg: fn('neg', '−a', 'f = −a', ['∂f/∂a = −1'], 'flips the sign of the upstream gradient'),
  matmul: fn('matmul', 'A @ B', 'the matrix product AB', ['∂L/∂A = (∂L/∂F)·Bᵀ', '∂L/∂B = Aᵀ·(∂L/∂F)'],
    'like the mul gate, swaps its inputs (transposed)'),
  index: fn('index', 'v[i]', 'one element of a tensor', ['1 at the picked element, 0 elsewhere'],
    'routes the gradient to the picked element'),
  maxReduce: fn('max', 'max(v)', 'the largest element of v', ['1 at the largest element, 0 elsewhere'],
    'max gate: gradient router: the whole upstream gradient goes to the largest element'),
};

export interface CommandDoc {
  name: string;
  usage: string;
  description: string;
}

export const COMMAND_DOCS: readonly CommandDoc[] = [
  { name: 'backward', usage: 'backward f', description: 'Reverse mode from the scalar f: fills ∂f/∂v for every node v that f depends on. Running it again gives the same gradients.' },
  { name: 'forward', usage: 'forward x', description: 'Forward mode: seeds dx = 1 and fills the tangent ∂v/∂x of every node that depends on x.' },
  { name: 'check', usage: 'check f', description: 'Compares the reverse-mode gradient of the scalar f with central finite differences for every leaf of f.' },
  { name: 'show', usage: 'show f', description: 'Draws the graph of f without differentiating.' },
  { name: 'seed', usage: 'seed 42', description: 'Seeds the random constructors (randn, rand) so runs are reproducible.' },
  { name: 'plot', usage: 'plot f wrt x [from A to B] [points N]', description: 'Draws the scalar f and its derivative ∂f/∂x while the scalar leaf x sweeps from A to B (default x − 3 to x + 3, 200 points), re-evaluating the graph at each point; the namespace is left unchanged.' },
  { name: 'descend', usage: 'descend L [wrt a, b] [lr A [to B]] [steps N]', description: 'Gradient descent on the scalar L: N times (default 100) backward L, then each leaf moves by −lr·∂L/∂leaf (lr from A to B, default 0.1); the leaves keep their trained values and every name computed from them follows. Shows the loss curve.' },
  { name: 'boundary', usage: 'boundary s over X [labels y] [grid N]', description: 'The decision boundary of a model of two inputs: s (one value per row of the data X [n, 2]) over a grid covering X\'s points plus a margin (N cells along its longer side, default 50), coloured by the sign of s, with the points on top coloured by their labels y. Re-evaluates the graph with X replaced; the namespace is left unchanged. After a descend in the same cell it draws the trained model.' },
];

/** The doc for a gate's engine op name (`add`, `exp`, `maxReduce`, …), if there is one. */
export function docForOp(op: string): BuiltinDoc | undefined {
  return OPERATOR_DOCS[op] ?? BUILTIN_DOCS[op];
}
