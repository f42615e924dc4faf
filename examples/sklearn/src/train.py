"""Trains a random forest on SageMaker's scikit-learn image (script mode).

SageMaker runs this file with the hyperparameters as command-line flags and the channels under
SM_CHANNEL_<NAME>. Data: CSV without a header, the label in the first column. It prints the
validation accuracy in the form the metric definition reads, saves the model to SM_MODEL_DIR and
copies this folder into <model dir>/code, where the inference image finds inference.py (the
endpoint runs with network isolation and cannot download code).
"""
import argparse
import glob
import os
import shutil

import joblib
import numpy as np
from sklearn.ensemble import RandomForestClassifier


def read_csv_dir(path):
    files = sorted(glob.glob(os.path.join(path, "*.csv")))
    if not files:
        raise SystemExit(f"no .csv files in {path}")
    data = np.concatenate([np.loadtxt(f, delimiter=",", ndmin=2) for f in files])
    return data[:, 1:], data[:, 0].astype(int)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n_estimators", type=int, default=100)
    parser.add_argument("--max_depth", type=int, default=None)
    args, _ = parser.parse_known_args()

    x_train, y_train = read_csv_dir(os.environ["SM_CHANNEL_TRAIN"])
    x_val, y_val = read_csv_dir(os.environ["SM_CHANNEL_VALIDATION"])
    model = RandomForestClassifier(n_estimators=args.n_estimators, max_depth=args.max_depth, random_state=42)
    model.fit(x_train, y_train)
    print(f"validation:accuracy={model.score(x_val, y_val):.4f};")

    model_dir = os.environ["SM_MODEL_DIR"]
    joblib.dump(model, os.path.join(model_dir, "model.joblib"))
    shutil.copytree(os.path.dirname(os.path.abspath(__file__)), os.path.join(model_dir, "code"), dirs_exist_ok=True)


if __name__ == "__main__":
    main()
