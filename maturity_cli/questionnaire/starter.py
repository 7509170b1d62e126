"""A commented starter questionnaire, written by ``maturity new``.

It holds one question of each type, one framework of each style and a do /
hold-off pair of recommendations, and it validates as it is: a working model to
change piece by piece.
"""

from __future__ import annotations

import re

_TEMPLATE = """\
# A starter maturity model: change it piece by piece, running
#   maturity validate {filename}
# after each change. The format: docs/questionnaire-format.md; patterns for
# common needs: docs/recipes.md.
id: {id}
version: "0.1.0"          # quoted, or YAML reads 0.1 as a number
title: {title}
description: What this model is for, and who should answer it.

# Options every question gets unless it sets its own.
defaults:
  allow_unknown: true     # "don't know" is an allowed answer
  allow_na: false         # "not applicable" is not

# Capability areas: every scored question belongs to one.
dimensions:
  - id: delivery
    title: Delivery
    description: How changes reach production.
  - id: operations
    title: Operations
    description: How models in production are kept healthy.

questions:
  # yes_no: in rules the question id is itself true or false.
  - id: automated_tests
    title: Automated tests
    text: Do automated tests run on every change to model code?
    help: Unit tests for features and training code count; a manual checklist does not.
    type: yes_no
    dimension: delivery
    tags: [quality]       # free-form groups: all_yes("quality") in rules

  # scale: choices ordered from lowest to highest; rules may use < and >=.
  - id: releases
    title: Release process
    text: How are models released?
    type: scale
    dimension: delivery
    choices:
      - {{value: manual, label: By hand}}
      - {{value: scripted, label: With a script}}
      - {{value: pipeline, label: By a CI/CD pipeline}}

  # number: with points bands, a number is scored too (first band that matches).
  - id: restore_hours
    title: Time to restore
    text: When a model misbehaves in production, how many hours does restoring it take?
    type: number
    min: 0
    unit: hours
    dimension: operations
    points:
      - {{below: 1, points: 2}}
      - {{below: 24, points: 1}}
      - {{points: 0}}

  # single_choice: one of the choices; rules compare with == and in [...].
  - id: serving
    title: Serving
    text: How are predictions served?
    type: single_choice
    context: true         # a context question is not scored; it steers advice
    choices:
      - {{value: batch, label: In batches}}
      - {{value: online, label: "Online, request by request"}}

  # multiple_choice: any number of choices; choices with points are scored.
  - id: monitoring
    title: Monitoring
    text: What is watched in production?
    type: multiple_choice
    dimension: operations
    tags: [quality]
    choices:
      - {{value: uptime, label: Service uptime, points: 1}}
      - {{value: drift, label: Input drift, points: 1}}
      - {{value: quality, label: Prediction quality, points: 2}}

  # yes_no asked only when the rule in 'when' holds (it may use earlier questions).
  - id: latency_alerts
    title: Latency alerts
    text: Do alerts fire when prediction latency degrades?
    type: yes_no
    dimension: operations
    when: serving == "online"

  # text: free text, not scored.
  - id: team_notes
    title: Notes
    text: Anything else the assessor should know?
    type: text
    context: true

frameworks:
  # gated: a level is reached when all its criteria, and all lower ones, hold.
  - id: ladder
    title: Maturity ladder
    style: gated
    applies:
      operations: answered(restore_hours)   # a dimension not rated when false
    levels:
      - {{level: 0, name: Manual, meaning: Everything is done by hand.}}
      - level: 1
        name: Repeatable
        meaning: Changes are tested and released the same way every time.
        criteria:
          - {{id: tested, text: Changes are tested automatically, dimension: delivery,
             rule: automated_tests}}
          - {{id: scripted, text: Releases are at least scripted, dimension: delivery,
             rule: 'releases >= "scripted"'}}
      - level: 2
        name: Automated
        meaning: Releases run in a pipeline and models are watched.
        criteria:
          - {{id: pipelined, text: Releases run in a pipeline, dimension: delivery,
             rule: 'releases == "pipeline"'}}
          - {{id: watched, text: Prediction quality is watched, dimension: operations,
             rule: '"quality" in monitoring'}}
          - {{id: alerted, text: Latency alerts fire, dimension: operations,
             rule: latency_alerts, applies: 'serving == "online"'}}

  # points: points summed per dimension, combined by 'aggregate', read on bands.
  - id: points
    title: Points
    style: points
    aggregate: total
    levels:
      - {{level: 0, name: Starting}}
      - {{level: 1, name: Progressing, at_least: 3}}
      - {{level: 2, name: Strong, at_least: 6}}

  # percentage: weighted share of the points that could be earned, 0 to 100.
  - id: percent
    title: Percentage
    style: percentage
    weights: {{restore_hours: 2}}
    levels:
      - {{level: 0, name: Low}}
      - {{level: 1, name: Medium, at_least: 50}}
      - {{level: 2, name: High, at_least: 80}}

recommendations:
  # A do / hold-off pair on one topic: their 'when' rules never both hold.
  - id: build-pipeline
    title: Release models through a pipeline
    kind: do
    topic: release-pipeline
    why: A pipeline makes every release the same and leaves a record of it.
    when: 'releases < "pipeline" and automated_tests'
    actions:
      - Run the release script from CI on every merge to the main branch.
    impact: high
    effort: medium
    addresses: [pipelined]
  - id: tests-before-pipeline
    title: Hold off on a release pipeline until tests run automatically
    kind: hold_off
    topic: release-pipeline
    why: A pipeline without tests ships broken models faster. Automate the tests first.
    when: 'releases < "pipeline" and not automated_tests'
    impact: medium
    effort: medium
"""


def starter_questionnaire(filename: str) -> str:
    """The starter text for a questionnaire saved as ``filename``; its id comes from the name."""
    stem = filename.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    ident = re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-._") or "my-model"
    title = ident.replace("-", " ").replace("_", " ").strip().capitalize()
    return _TEMPLATE.format(filename=filename, id=ident, title=_yaml_text(title))


def _yaml_text(text: str) -> str:
    """Quote a title when YAML would read it as something other than text."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ]*", text) and text.lower() not in _YAML_WORDS:
        return text
    return '"' + text.replace('"', "'") + '"'


_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
