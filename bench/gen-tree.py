#!/usr/bin/env python3
"""A large repository-like tree for `asklint check DIR`: mostly files that are not asklint's
(package.json, tsconfig.json with comments, lockfiles, JavaScript, Markdown, data fixtures,
node_modules/ and .git/ folders) and, in every project, a skill package and SMAPI payloads.

    python3 bench/gen-tree.py FILES OUT_DIR

FILES is the total number of files written (about 5% are asklint's: 5 of every 100). The tree is
the same for the same FILES. Write it under /tmp, never into the repository.
"""
import json
import os
import random
import sys

PER_PROJECT = 100


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def skill_json(rng, i):
    name = f"Skill {i}"
    locale = {
        "name": name,
        "summary": f"Facts about place {i}.",
        "description": f"Skill {i} tells you facts about place {i}, one a day.",
        "examplePhrases": [f"Alexa, open skill {i}", f"Alexa, ask skill {i} for a fact"],
        "keywords": ["facts", f"place {i}"],
        "smallIconUri": "https://example.com/icon-108.png",
        "largeIconUri": "https://example.com/icon-512.png",
    }
    manifest = {
        "manifestVersion": "1.0",
        "publishingInformation": {
            "locales": {"en-US": locale, "de-DE": dict(locale, name=f"Fakten {i}")},
            "isAvailableWorldwide": True,
            "distributionMode": "PUBLIC",
            "category": "EDUCATION_AND_REFERENCE",
            "testingInstructions": "Say 'open skill' and then 'tell me a fact'.",
        },
        "privacyAndCompliance": {
            "allowsPurchases": False, "usesPersonalInfo": False, "isChildDirected": False,
            "isExportCompliant": True, "containsAds": False,
            "locales": {"en-US": {"privacyPolicyUrl": "https://example.com/privacy"}},
        },
        "apis": {"custom": {"endpoint": {
            "uri": f"arn:aws:lambda:us-east-1:123456789012:function:skill-{i}"}}},
    }
    # Every fifth skill has a mistake or two, as real trees do.
    if rng.random() < 0.2:
        locale["summary"] = "x" * 170
        manifest["privacyAndCompliance"]["allowPurchases"] = False
    return json.dumps({"manifest": manifest}, indent=2)


def model(i, locale):
    return json.dumps({"interactionModel": {"languageModel": {
        "invocationName": f"skill {i}",
        "intents": [{"name": n, "samples": []} for n in (
            "AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
            "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent")] + [
            {"name": "FactIntent", "samples": ["for a fact", "tell me a fact", "a fact please"]}],
    }}}, indent=2)


def project(rng, root, i, budget):
    """Write up to `budget` files of project `i`; return how many were written."""
    p = f"{root}/project-{i:05d}"
    files = {
        # asklint's: a skill package and SMAPI payloads (5)
        f"{p}/skill-package/skill.json": skill_json(rng, i),
        f"{p}/skill-package/interactionModels/custom/en-US.json": model(i, "en-US"),
        f"{p}/skill-package/interactionModels/custom/de-DE.json": model(i, "de-DE"),
        f"{p}/payloads/enable.request.json": json.dumps({
            "operation": "enable-skill",
            "skillId": "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90",
            "body": {"unitId": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE",
                     "stage": "Live" if rng.random() < 0.2 else "live"}}, indent=2),
        f"{p}/payloads/enablement.response.json": json.dumps({
            "skill": {"id": "amzn1.ask.skill.0f6e2a51-8c3d-4b7e-9a14-5d2c8e7b3f90", "stage": "live"},
            "unit": {"id": "amzn1.alexa.unit.did.AX7KQ2M9TRB4LWZ3EXAMPLE"},
            "status": "ENABLED"}, indent=2),
        # not asklint's
        f"{p}/package.json": json.dumps({"name": f"skill-{i}", "version": "1.0.0",
                                         "scripts": {"test": "jest"}}, indent=2),
        f"{p}/package-lock.json": json.dumps({"name": f"skill-{i}", "lockfileVersion": 3,
            "packages": {f"node_modules/dep-{k}": {"version": f"1.{k}.0"} for k in range(40)}}, indent=2),
        f"{p}/tsconfig.json": '{\n  // compiler options\n  "compilerOptions": {"strict": true, "target": "es2020",},\n}\n',
        f"{p}/.eslintrc.json": json.dumps({"extends": "eslint:recommended", "rules": {}}),
        f"{p}/README.md": f"# Skill {i}\n\nFacts about place {i}.\n",
        f"{p}/ask-states.json": json.dumps({"askcliStatesVersion": "2020-03-31", "profiles": {}}),
        f"{p}/lambda/package.json": json.dumps({"name": f"lambda-{i}", "main": "index.js"}),
        f"{p}/lambda/index.js": "exports.handler = async (event) => ({ version: '1.0' });\n",
        f"{p}/lambda/util.js": "module.exports = { pick: (a) => a[0] };\n",
        f"{p}/.git/HEAD": "ref: refs/heads/main\n",
        f"{p}/.git/config": "[core]\n\tbare = false\n",
        f"{p}/.vscode/settings.json": json.dumps({"editor.tabSize": 2}),
    }
    # Data and test fixtures: JSON that only looks a little like a SMAPI body.
    for k in range(6):
        files[f"{p}/data/facts-{k}.json"] = json.dumps(
            {"items": [{"id": n, "text": f"fact {n}"} for n in range(20)]})
    for k in range(4):
        files[f"{p}/test/fixtures/error-{k}.json"] = json.dumps(
            {"code": 500 + k, "message": "internal error"})
        files[f"{p}/test/fixtures/event-{k}.json"] = json.dumps(
            {"version": "1.0", "session": {"new": True}, "request": {"type": "LaunchRequest"}})
    files[f"{p}/locales/en.json"] = json.dumps({"message": "Welcome to the skill"})
    files[f"{p}/docs/guide.md"] = "How to use the skill.\n"
    # A dependency tree, never entered by asklint.
    k = 0
    while len(files) < PER_PROJECT:
        dep = f"{p}/node_modules/dep-{k // 3}"
        files[f"{dep}/package.json" if k % 3 == 0 else f"{dep}/lib/file-{k}.js"] = (
            json.dumps({"name": f"dep-{k // 3}", "version": "1.0.0"}) if k % 3 == 0
            else f"module.exports = {k};\n")
        k += 1
    written = 0
    for path, text in files.items():
        if written == budget:
            break
        write(path, text)
        written += 1
    return written


def main():
    total, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(6)
    written, i = 0, 0
    while written < total:
        written += project(rng, root, i, total - written)
        i += 1
    print(f"{written} files in {i} projects under {root}")


if __name__ == "__main__":
    main()
