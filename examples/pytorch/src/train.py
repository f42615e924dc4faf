"""Trains a small classifier with DistributedDataParallel on SageMaker's PyTorch image.

With distribution torchDistributed SageMaker starts this file through torchrun on every host
(one process per GPU), so the usual torch.distributed environment (RANK, WORLD_SIZE, LOCAL_RANK,
MASTER_ADDR) is set. Each host reads its shard of the train channel (ShardedByS3Key). Rank 0
checkpoints to /opt/ml/checkpoints every few epochs (synced to S3, restored after a spot
interruption), prints the metrics the metric definitions read, and saves the model and a copy of
this folder (<model dir>/code, where the inference image finds inference.py).
"""
import argparse
import glob
import os
import shutil

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

CHECKPOINT = "/opt/ml/checkpoints/checkpoint.pt"


def read_csv_dir(path):
    files = sorted(glob.glob(os.path.join(path, "*.csv")))
    data = np.concatenate([np.loadtxt(f, delimiter=",", ndmin=2) for f in files])
    return torch.tensor(data[:, 1:], dtype=torch.float32), torch.tensor(data[:, 0], dtype=torch.long)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--batch_size", type=int, default=32)
    args, _ = parser.parse_known_args()

    backend = "nccl" if torch.cuda.is_available() else "gloo"
    dist.init_process_group(backend=backend)
    rank = dist.get_rank()
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local_rank}" if torch.cuda.is_available() else "cpu")

    x_train, y_train = read_csv_dir(os.environ["SM_CHANNEL_TRAIN"])
    x_val, y_val = read_csv_dir(os.environ["SM_CHANNEL_VALIDATION"])
    classes = 3
    model = nn.Sequential(nn.Linear(x_train.shape[1], 16), nn.ReLU(), nn.Linear(16, classes)).to(device)
    model = DistributedDataParallel(model, device_ids=[local_rank] if torch.cuda.is_available() else None)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    start = 0
    if os.path.exists(CHECKPOINT):
        state = torch.load(CHECKPOINT, map_location=device)
        model.module.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start = state["epoch"] + 1

    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(start, args.epochs):
        permutation = torch.randperm(len(x_train))
        for i in range(0, len(x_train), args.batch_size):
            batch = permutation[i : i + args.batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[batch].to(device)), y_train[batch].to(device))
            loss.backward()
            optimizer.step()
        if rank == 0:
            with torch.no_grad():
                accuracy = (model(x_val.to(device)).argmax(1).cpu() == y_val).float().mean().item()
            print(f"epoch={epoch}; train:loss={loss.item():.4f}; validation:accuracy={accuracy:.4f};")
            if epoch % 5 == 0:
                os.makedirs(os.path.dirname(CHECKPOINT), exist_ok=True)
                torch.save({"model": model.module.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, CHECKPOINT)

    if rank == 0:
        model_dir = os.environ["SM_MODEL_DIR"]
        torch.save(model.module.state_dict(), os.path.join(model_dir, "model.pth"))
        shutil.copytree(os.path.dirname(os.path.abspath(__file__)), os.path.join(model_dir, "code"), dirs_exist_ok=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
