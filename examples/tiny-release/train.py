# SPDX-License-Identifier: Apache-2.0
"""Train the toy network with plain gradient descent on the sample data."""

LEARNING_RATE = 0.1
EPOCHS = 3


def train(weights, batches):
    """Run a few epochs of gradient descent and return the updated weights."""
    for _ in range(EPOCHS):
        for batch in batches:
            for name, grad in batch.items():
                weights[name] = [w - LEARNING_RATE * g for w, g in zip(weights[name], grad)]
    return weights
