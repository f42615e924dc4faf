"""Serves the random forest on SageMaker's scikit-learn inference image.

The image loads this file from <model dir>/code (SAGEMAKER_SUBMIT_DIRECTORY) and calls model_fn
once, then predict_fn per request; its default input_fn reads text/csv and application/json rows.
"""
import os

import joblib


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def predict_fn(input_data, model):
    return model.predict_proba(input_data)
