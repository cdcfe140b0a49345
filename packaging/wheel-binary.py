"""Copies the asklint executable out of a wheel built by maturin (`bindings = "bin"`).

    python3 packaging/wheel-binary.py WHEEL OUT_DIR

The wheel's `asklint-<version>.data/scripts/asklint[.exe]` is the release build every other
artifact ships (the archive, the npm platform package), so each platform is compiled once.
Prints the path of the copy.
"""

import os
import shutil
import sys
import zipfile


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    wheel, out_dir = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(wheel) as archive:
        scripts = [
            name
            for name in archive.namelist()
            if name.split("/")[-2:-1] == ["scripts"]
            and name.rsplit("/", 1)[-1] in ("asklint", "asklint.exe")
        ]
        if len(scripts) != 1:
            print(f"{wheel}: expected one asklint executable in *.data/scripts/, found {scripts}", file=sys.stderr)
            return 1
        name = scripts[0].rsplit("/", 1)[-1]
        os.makedirs(out_dir, exist_ok=True)
        target = os.path.join(out_dir, name)
        with archive.open(scripts[0]) as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
    os.chmod(target, 0o755)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
