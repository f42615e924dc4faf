"""Serves the classifier on SageMaker's PyTorch inference image.

The image loads this file from <model dir>/code (SAGEMAKER_SUBMIT_DIRECTORY): model_fn once, then
input_fn, predict_fn and output_fn per request. Rows come as text/csv or a JSON list of rows.
"""
import json
import os

import torch
from torch import nn

FEATURES = 4
CLASSES = 3


def model_fn(model_dir):
    model = nn.Sequential(nn.Linear(FEATURES, 16), nn.ReLU(), nn.Linear(16, CLASSES))
    model.load_state_dict(torch.load(os.path.join(model_dir, "model.pth"), map_location="cpu"))
    return model.eval()


def input_fn(body, content_type):
    text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
    if content_type == "application/json":
        rows = json.loads(text)
    elif content_type == "text/csv":
        rows = [[float(v) for v in line.split(",")] for line in text.strip().splitlines()]
    else:
        raise ValueError(f"unsupported content type {content_type}; send text/csv or application/json")
    return torch.tensor(rows, dtype=torch.float32)


def predict_fn(rows, model):
    with torch.no_grad():
        return torch.softmax(model(rows), dim=1).tolist()


def output_fn(probabilities, accept):
    return json.dumps({"probabilities": probabilities})
