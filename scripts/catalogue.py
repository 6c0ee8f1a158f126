"""Keep the message catalogue in step with the code.

    python scripts/catalogue.py check     # msgids in the code without a zh translation
    python scripts/catalogue.py add FILE  # add msgid -> msgstr pairs from a JSON object
    python scripts/catalogue.py compile   # rebuild govops/locale/*/LC_MESSAGES/govops.mo

The .po is the source; edit it by hand or with ``add``, then ``compile``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from govops.catalogue import add_messages, compile_po, mo_path, read_catalogue, scan_msgids


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "add":
        pairs = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        add_messages("zh", pairs)
        command = "compile"
    if command == "compile":
        path = mo_path("zh")
        path.write_bytes(compile_po("zh"))
        print(f"wrote {path}")
        return 0
    known = read_catalogue("zh")
    missing = {m: where for m, where in scan_msgids() if not known.get(m)}
    for msgid, where in sorted(missing.items(), key=lambda kv: kv[1]):
        print(f"{where}: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
