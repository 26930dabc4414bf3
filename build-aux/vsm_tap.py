"""TAP output for the build-aux check scripts run as meson tests (protocol: 'tap')."""


class Tap:
    """Numbered TAP lines, the plan last; finish() gives the exit status."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, passed, description, diagnostics=()):
        """One test line; DIAGNOSTICS are printed only when it fails."""
        self.count += 1
        print(f"{'ok' if passed else 'not ok'} {self.count} - {description}")
        if not passed:
            self.failed += 1
            for line in diagnostics:
                for part in str(line).splitlines():
                    print(f"# {part}")
        return passed

    def skip(self, description, reason):
        self.count += 1
        print(f"ok {self.count} - {description} # SKIP {reason}")

    def finish(self):
        print(f"1..{self.count}")
        return 1 if self.failed else 0
