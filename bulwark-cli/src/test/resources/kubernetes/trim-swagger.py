#!/usr/bin/env python3
"""Trims Kubernetes' OpenAPI v2 document (swagger.json) to the definitions the kinds in deploy/kubernetes need.

Input: the official swagger.json of Kubernetes (here v1.13.4, as the npm package kubernetes-client 9.0.0 ships it in
lib/specs/swagger-1.13.json.gz). Keeps every definition reachable by $ref from the kinds below, drops descriptions
(prose only), and writes the result with the document's info. Usage: trim-swagger.py swagger.json > out.json
"""
import json
import sys

KINDS = [
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.Service",
    "io.k8s.api.apps.v1.Deployment",
]


def refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                out.add(value.rsplit("/", 1)[-1])
            else:
                refs(value, out)
    elif isinstance(node, list):
        for value in node:
            refs(value, out)


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main():
    doc = json.load(open(sys.argv[1]))
    definitions = doc["definitions"]
    keep, todo = set(), list(KINDS)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(found - keep)
    out = {"swagger": doc["swagger"], "info": doc["info"],
           "definitions": {name: strip(definitions[name]) for name in sorted(keep)}}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
