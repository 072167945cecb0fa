# SPDX-License-Identifier: Apache-2.0
"""Report the mean squared error of the toy model on held-out pairs."""


def evaluate(predict, pairs):
    """Return the mean squared error of ``predict`` over (input, target) pairs."""
    errors = [(predict(x) - y) ** 2 for x, y in pairs]
    return sum(errors) / len(errors)
