"""Try an installed `kpa` as a KPA would, from a folder of its own, for a person with an empty home.

    python packaging/smoke.py PROGRAM [--unchanged FOLDER]

PROGRAM is the `kpa` to try: the program built by packaging/build.py (dist/kpa/kpa), or the `kpa` of a
venv where the package was installed without -e. It must, with no --workspace nor KPA_WORKSPACE: make
the demo with `kpa demo --no-open` under the person's documents and name that place in `kpa where`;
pass `kpa check` on the demo; write an invoice's PDF that carries its Factur-X data; and open the app
in a terminal (tmux) and sign in as the demo's coordination; serve it with `kpa serve`, whose page
asks nothing outside the computer and whose terminal signs in too. FOLDER (the venv, or
the built program's folder) must not change: the data never goes inside the installed program.

The reading of the PDF needs the project's test extras (`pip install -e '.[test]'`) in the Python that
runs this script, not in PROGRAM.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COORDINATION = {"KPA_USER": "camille", "KPA_PASSWORD": "demo-coordination"}


class SmokeFailed(Exception):
    """What the installed program did wrong."""


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, with its size and time of change."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


class Person:
    """Someone with an empty home on this computer, running the program from a folder of their own."""

    def __init__(self, program: Path, home: Path) -> None:
        self.program = program
        self.home = home
        self.documents = home / "Documents"
        self.cwd = home / "ailleurs"
        self.cwd.mkdir(parents=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("KPA_", "XDG_", "PYTHON", "VIRTUAL_ENV"))
        }
        self.env.update({"HOME": str(home), "USERPROFILE": str(home), "LANG": "C.UTF-8"})

    def run(self, *arguments: str, extra: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [str(self.program), *arguments],
            cwd=self.cwd,
            env={**self.env, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=300,
        )
        print(f"$ kpa {' '.join(arguments)}  → {result.returncode}")
        if result.returncode != 0:
            said = result.stdout + result.stderr
            raise SmokeFailed(f"kpa {' '.join(arguments)} ended with {result.returncode}:\n{said}")
        return result.stdout + result.stderr


def check_where_and_demo(person: Person) -> Path:
    out = person.run("demo", "--no-open")
    demo = person.documents / "KPA-demo"
    if not (demo / "config" / "kpa.toml").is_file() or str(demo) not in out:
        raise SmokeFailed(f"the demo is not in {demo}:\n{out}")
    where = person.run("where")
    if f"Dossier de la KPA : {person.documents / 'KPA'}" not in where or str(demo) not in where:
        raise SmokeFailed(f"kpa where does not name the documents' folders:\n{where}")
    return demo


def check_the_check(person: Person, demo: Path) -> None:
    out = person.run("--workspace", str(demo), "check", extra=COORDINATION)
    print("  " + out.strip().splitlines()[-1])


def check_an_invoice_pdf(person: Person, demo: Path) -> None:
    listing = person.run("--workspace", str(demo), "invoices", "list", extra=COORDINATION)
    numbers = re.findall(r"\bFA-\d{4}-\d{4}\b", listing)
    if not numbers:
        raise SmokeFailed(f"no issued invoice in the demo's list:\n{listing}")
    out = person.home / "facture.pdf"
    person.run("--workspace", str(demo), "invoice", "pdf", numbers[0], "--out", str(out), extra=COORDINATION)
    from kpa_local.documents.facturx_read import content_from_pdf

    content = content_from_pdf(out.read_bytes(), numbers[0])
    print(f"  {numbers[0]} : PDF de {out.stat().st_size} octets, données Factur-X lues, client {content.client.name}")


def check_signing_in(person: Person, demo: Path) -> None:
    """The app in tmux, signed in as coordination, on its dashboard."""
    if shutil.which("tmux") is None:
        raise SmokeFailed("tmux is needed to try the app in a terminal (Debian's package tmux)")
    session = f"kpa-smoke-{os.getpid()}"
    socket = ["-L", session]
    command = f"{person.program} --workspace {demo}"
    env = {**person.env, "TERM": "xterm-256color"}
    subprocess.run(["tmux", *socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "36", command],
                   cwd=person.cwd, env=env, check=True)  # fmt: skip

    def screen() -> str:
        return subprocess.run(["tmux", *socket, "capture-pane", "-p", "-t", session],
                              capture_output=True, text=True, env=env).stdout  # fmt: skip

    def wait_for(text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = screen()
            if text in shown:
                return shown
            time.sleep(0.5)
        raise SmokeFailed(f"« {text} » never showed in the app:\n{screen()}")

    def keys(*typed: str) -> None:
        for key in typed:
            subprocess.run(["tmux", *socket, "send-keys", "-t", session, key], env=env, check=True)
            time.sleep(0.5)

    try:
        wait_for("Identifiant")
        keys("camille", "Tab", "demo-coordination", "Enter")
        shown = wait_for("Tableau de bord")
        title = next(line.strip() for line in shown.splitlines() if line.strip())
        print(f"  signed in, the dashboard is shown: {title}")
    finally:
        subprocess.run(["tmux", *socket, "kill-server"], env=env, check=False)


def check_serving(person: Person, demo: Path) -> None:
    """`kpa serve`: its page asks nothing outside the computer, and its terminal signs in as coordination."""
    import asyncio
    import socket

    import aiohttp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen([str(person.program), "--workspace", str(demo), "serve", "--port", str(port)],
                              cwd=person.cwd, env=person.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)  # fmt: skip
    address = f"http://127.0.0.1:{port}"

    async def visit() -> str:
        async with aiohttp.ClientSession() as session:
            async with session.get(address) as response:
                page = await response.text()
            outside = re.findall(r"(?:https?:)?//(?!127\.0\.0\.1[:/])[\w.-]+", page)
            if response.status != 200 or "s'ouvre" not in page or outside:
                raise SmokeFailed(f"the page of kpa serve ({response.status}) is wrong or asks {outside}:\n{page}")
            received = bytearray()

            async with session.ws_connect(f"{address}/ws?width=120&height=36") as terminal:

                def shown() -> str:
                    text = re.sub(rb"\x1b\[[0-9;?]*[ -/]*[@-~]", b"", received).decode(errors="ignore")
                    return re.sub(r"\s+", " ", re.sub(r"[\u2500-\u259f]+", " ", text))

                async def until(words: str) -> None:
                    try:
                        async with asyncio.timeout(90):
                            while words not in shown():
                                message = await terminal.receive()
                                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                                    raise SmokeFailed(f"the terminal of kpa serve closed before « {words} »")
                                data = message.data
                                received.extend(data if isinstance(data, bytes) else data.encode())
                    except TimeoutError:
                        raise SmokeFailed(f"« {words} » never showed in kpa serve:\n{shown()[-1500:]}") from None

                await until("Connectez-vous avec votre identifiant")
                for typed in ("camille", "\t", "demo-coordination", "\r"):  # as typed, not pasted at once
                    await terminal.send_json(["stdin", typed])
                    await asyncio.sleep(0.5)
                await until("Tableau de bord")
        return page

    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        if address not in first:
            raise SmokeFailed(f"kpa serve did not give its address:\n{first}{server.stdout.read()}")
        asyncio.run(visit())
        print(f"  kpa serve : la page de {address} ne demande rien au-dehors, connexion faite dans le navigateur")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", type=Path)
    parser.add_argument("--unchanged", type=Path, help="a folder the program must not write in")
    args = parser.parse_args(argv)
    program = args.program.resolve()
    before = _files(args.unchanged) if args.unchanged else {}
    with tempfile.TemporaryDirectory(prefix="kpa-smoke-") as home:
        person = Person(program, Path(home))
        try:
            demo = check_where_and_demo(person)
            check_the_check(person, demo)
            check_an_invoice_pdf(person, demo)
            check_signing_in(person, demo)
            check_serving(person, demo)
            if args.unchanged:
                after = _files(args.unchanged)
                changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
                if changed:
                    raise SmokeFailed(f"the program wrote inside {args.unchanged}: {changed[:10]}")
                print(f"  nothing written inside {args.unchanged}")
        except SmokeFailed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    print(f"{program} passed the smoke test.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
