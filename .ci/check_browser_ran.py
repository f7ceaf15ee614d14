"""Fail when a browser test was skipped or none ran (a skipped browser test proves nothing)."""

import sys
import xml.etree.ElementTree as ET

failed = False
for path in sys.argv[1:]:
    cases = [c for c in ET.parse(path).iter("testcase") if ".browser." in c.get("classname", "")]
    skipped = [c for c in cases if c.find("skipped") is not None]
    print(f"{path}: {len(cases)} browser tests, {len(skipped)} skipped")
    for case in skipped:
        print(f"  skipped: {case.get('classname')}::{case.get('name')}")
    failed |= not cases or bool(skipped)
sys.exit(1 if failed else 0)
