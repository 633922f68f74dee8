# micrograd's demo model in PyTorch (CPU, float64, one thread): the oracle and
# the baseline for bpnb's `descend` (bench/training.ts, test/unit/lang/torch.test.ts).
# Reads JSON on stdin: {"X": [[x, y], ...], "y": [...], "params": [W1, b1, W2, b2, W3, b3],
#   "steps": N, "lr": [A, B], "timed": K}
# Runs N steps of SGD (lr linear from A to B over the N steps) from the given
# parameters and prints {"loss": [N + 1 losses], "stepMs": median ms of one step,
# "torch": version}, the median over K further steps each timed with perf_counter.
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

inp = json.load(sys.stdin)
X = torch.tensor(inp["X"], dtype=torch.float64)
y = torch.tensor(inp["y"], dtype=torch.float64)
params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in inp["params"]]
W1, b1, W2, b2, W3, b3 = params
steps = inp["steps"]
lr_a, lr_b = inp["lr"]


def loss_fn():
    h1 = torch.relu(X @ W1 + b1)
    h2 = torch.relu(h1 @ W2 + b2)
    s = h2 @ W3 + b3
    data_loss = torch.relu(1 - y * s).mean()
    reg_loss = 1e-4 * sum((p * p).sum() for p in params)
    return data_loss + reg_loss


def step(lr):
    L = loss_fn()
    for p in params:
        p.grad = None
    L.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    return L


losses = []
for k in range(steps):
    lr = lr_a if steps == 1 else lr_a + (lr_b - lr_a) * k / (steps - 1)
    losses.append(step(lr).item())
with torch.no_grad():
    losses.append(loss_fn().item())

times = []
for k in range(inp.get("timed", 0)):
    t0 = time.perf_counter()
    step(0.01)
    times.append((time.perf_counter() - t0) * 1000)

print(json.dumps({"loss": losses, "stepMs": statistics.median(times) if times else None, "torch": torch.__version__}))
