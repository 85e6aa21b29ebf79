"""The `small-cnn` training step in PyTorch, for the DL4J/PyTorch row of docs/benchmarks.md.

Same network as `./dl4j-sam bench` (conv 5x5/16 stride 2 - BN - ReLU - conv 3x3/32 stride 2 - BN - ReLU -
dense 128 ReLU - softmax, no conv bias), 1x28x28 inputs, batch 128, momentum SGD, one thread, float32.
Usage: python3 docs/bench/small_cnn_pytorch.py [rounds]   (needs PyTorch; not a dependency of the project)
"""
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)
net = nn.Sequential(
    nn.Conv2d(1, 16, 5, stride=2, padding=2, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
    nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
x = torch.rand(128, 1, 28, 28)
y = torch.arange(128) % 10
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss_fn(net(x), y).backward()
    opt.step()


for _ in range(10):
    step()
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
times = []
for _ in range(rounds):
    start = time.perf_counter()
    step()
    times.append(1000 * (time.perf_counter() - start))
print(f"pytorch {torch.__version__} small-cnn batch 128, 1 thread: {statistics.median(times):.1f} ms/step (median of {rounds})")
