"""A tiny app: reads its YAML config with PyYAML (a Debian package added on top of python3) and greets."""
import os

import yaml

with open(os.environ.get("APP_CONFIG", "/app/config.yaml"), encoding="utf-8") as f:
    config = yaml.safe_load(f)

print(f"{config['greeting']} from {config['service']} (uid {os.getuid()}, PyYAML {yaml.__version__})")
