"""Run every benchmark: `python bench/run.py` (or `make bench`)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
for script in ("aggregate.py", "import_rows.py", "browser.py", "present.py", "warm_start.py",
               "load.py", "hardening.py"):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
