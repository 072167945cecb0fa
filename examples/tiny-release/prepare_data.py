# SPDX-License-Identifier: Apache-2.0
"""Lowercase and deduplicate the sample sentences before training."""


def prepare(lines):
    """Return the unique, lowercased, non-empty lines in their first order."""
    seen = []
    for line in lines:
        text = line.strip().lower()
        if text and text not in seen:
            seen.append(text)
    return seen
