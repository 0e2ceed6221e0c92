"""The short commands users run most (send, inbox, panes, status) answered without starting a JVM.

The launcher (./mosaic) runs this with python3 when it is there; it prints exactly what the Java CLI prints and
exits with the same codes (CliFastPathTest runs both on one hub). Whatever it does not handle exactly as the Java CLI
would (help, version, an unknown option, a picocli usage error, an unreachable hub, a hub.json it cannot use, an
answer it does not expect) it hands to the Java CLI unchanged: it runs the launcher again with MOSAIC_FAST=0, before
anything was sent, and with what it already read from standard input given back. MOSAIC_FAST=0 turns this path
off; MOSAIC_FAST=only makes a hand-over exit 3 instead (tests use it to see which path answered).

Standard library only, and only its cheap parts (no http.client: it imports ssl and email, which cost more than the
rest of the command). HTTP/1.1 with "Connection: close" over a socket; JSON with the json module.
"""
import json
import os
import re
import socket
import sys

USAGE = 2
FAILED = 1

# cli/TerminalText, the same two patterns. Java's "$" (no MULTILINE) also matches before a line terminator that ends
# the input; Python's only before a final "\n", hence the lookahead that spells Java's out.
_JAVA_END = "(?=(?:\r\n|[\n\r\u0085\u2028\u2029])?\\Z)"
_SEQUENCE = re.compile(
    "(?:\u001b\\[|\u009b)[0-?]*[ -/]*[@-~]"
    "|(?:\u001b[\\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\n]*?(?:\u0007|\u001b\\\\|\u009c|(?=\n)|"
    + _JAVA_END + ")"
    "|\u001b[ -/]*[0-~]")
_CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")

# Character.isWhitespace, which String.strip uses: not the no-break spaces Python's str.strip also removes.
_JAVA_WHITESPACE = "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
                   "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"


class Handover(Exception):
    """Not something this path does exactly as the Java CLI: run that instead."""


class Refused(Exception):
    """What the Java CLI prints as "mosaic: MESSAGE" and the exit code it returns."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def clean(text):
    """TerminalText.clean."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def utf16_len(s):
    """String.length(): what Java's %-Ns pads by."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def pad(s, width):
    return s + " " * max(0, width - utf16_len(s))


def field(node, name):
    """Printer.text: a string field of the hub's answer, safe for the terminal; missing or null reads as empty."""
    if not isinstance(node, dict):
        return ""
    return clean(as_string(node.get(name)))


def as_string(value):
    """JsonNode.asString("") for what the hub sends in these fields: strings, numbers, booleans or null."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return repr(value)  # a float: none of the fields printed holds one


def url_encode(s):
    """URLEncoder.encode(s, UTF-8) with "+" as "%20", as HubClient.enc."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        out.append(c if (c.isascii() and c.isalnum()) or c in ".-*_" else "%%%02X" % b)
    return "".join(out)


# ---- the command line: picocli's grammar for these four commands, and a hand-over for anything past it ----

class Spec:
    def __init__(self, flags, valued, positionals):
        self.flags = flags
        self.valued = valued
        self.positionals = positionals


SPECS = {
    "send": Spec({"--json"}, {"--subject", "--reply-to", "--idempotency-key"}, 2),
    "inbox": Spec({"--peek", "--all", "--json"}, {"--wait", "--limit"}, 0),
    "panes": Spec({"--json", "--all"}, set(), 0),
    "status": Spec(set(), set(), 0),
}


def parse(command, args):
    spec = SPECS[command]
    options, positionals = {}, []
    i, only_positionals = 0, False
    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("@") and (a.startswith("@@") or os.path.exists(a[1:])):
            raise Handover()  # picocli reads an @file's words as arguments
        if only_positionals or a == "-" or not a.startswith("-"):
            positionals.append(a)
            continue
        if a == "--":
            only_positionals = True
            continue
        name, eq, value = a.partition("=")
        if name in options:
            raise Handover()  # picocli refuses a repeated option
        if name in spec.flags and not eq:
            options[name] = True
        elif name in spec.valued:
            if not eq:
                if i >= len(args):
                    raise Handover()
                value = args[i]
                i += 1
            if value.startswith("-") or value.startswith("@"):
                raise Handover()
            options[name] = value
        else:
            raise Handover()  # --help, --version, an unknown option: picocli's own words
    if len(positionals) != spec.positionals:
        raise Handover()
    return options, positionals


# ---- where the hub is: HubAddress ----

def java_blank(s):
    """String.isBlank, null included."""
    return s is None or all(c in _JAVA_WHITESPACE for c in s)


def strip_slash(url):
    return url[:-1] if url.endswith("/") else url


def user_home():
    """Java's user.home: the password entry's directory, not $HOME."""
    try:
        import pwd
        home = pwd.getpwuid(os.getuid()).pw_dir
        if home:
            return home
    except (ImportError, KeyError):
        pass
    raise Handover()


class Address:
    def __init__(self, url, token, pane_id):
        self.url = url
        self.token = token
        self.pane_id = pane_id

    @staticmethod
    def resolve(env):
        url, token, pane = env.get("MOSAIC_URL"), env.get("MOSAIC_TOKEN"), env.get("MOSAIC_PANE_ID")
        if not java_blank(url) and not java_blank(token) and not java_blank(pane):
            return Address(strip_slash(url), token, pane)
        if not java_blank(url) or not java_blank(token) or not java_blank(pane):
            raise Handover()  # the Java CLI's "config" error
        home = env.get("MOSAIC_HOME")
        home = home if not java_blank(home) else os.path.join(user_home(), ".mosaic")
        try:
            with open(os.path.join(home, "hub.json"), "rb") as f:
                hub = json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError):
            raise Handover()
        if not isinstance(hub, dict) or not isinstance(hub.get("url"), str) or not isinstance(hub.get("token"), str) \
                or not hub["url"] or not hub["token"]:
            raise Handover()
        return Address(strip_slash(hub["url"]), hub["token"], None)


# ---- HTTP: HubClient.call ----

_URL = re.compile(r"http://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]{1,5}))?(/[^?#]*)?\Z")


class Hub:
    def __init__(self, address):
        m = _URL.match(address.url)
        if not m or any(ord(c) < 33 or ord(c) > 126 for c in address.token):
            raise Handover()
        self.address = address
        self.host = m.group(1).strip("[]")
        self.host_header = m.group(1) + (":" + m.group(2) if m.group(2) else "")
        self.port = int(m.group(2) or 80)
        self.base = m.group(3) or ""  # HubClient puts the path after the url, whatever it holds

    def call(self, method, path, body, timeout):
        """
        The hub's JSON answer (a dict) and its text, or Refused as the Java CLI words it. Only a connection that
        could not be made is handed over: once a request went out (a send stored, an inbox marked read), running it
        again would do it twice, so whatever goes wrong after that is said here.
        """
        data = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        head = ["%s %s%s HTTP/1.1" % (method, self.base, path), "Host: " + self.host_header,
                "Authorization: Bearer " + self.address.token, "Connection: close"]
        if data is not None:
            head += ["Content-Type: application/json", "Content-Length: %d" % len(data)]
        request = ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + (data or b"")
        try:
            sock = socket.create_connection((self.host, self.port), timeout=3)
        except OSError:
            raise Handover()  # nothing was sent: the Java CLI says why, in its own words
        try:
            sock.settimeout(timeout)
            sock.sendall(request)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            raise Refused("the hub at %s did not answer in time" % self.address.url, FAILED)
        except OSError as e:
            raise Refused("cannot reach the hub at %s (%s); is `mosaic up` running?" % (self.address.url, e), FAILED)
        finally:
            sock.close()
        status, text = self._response(b"".join(chunks))
        if status // 100 != 2:
            raise self._refusal(status, text)
        if status == 204 or text == "":
            return {}, "{}"
        try:
            answer = json.loads(text)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise Refused("the hub answered something that is not a JSON object", FAILED)
        return answer, text

    def _response(self, raw):
        head, sep, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        status_line = lines[0].split(" ")
        if not sep or len(status_line) < 2 or not status_line[0].startswith("HTTP/1.") or not status_line[1].isdigit():
            raise Refused("cannot reach the hub at %s (no HTTP answer); is `mosaic up` running?" % self.address.url,
                          FAILED)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        try:
            if "chunked" in headers.get("transfer-encoding", "").lower():
                body = Hub._dechunk(body)
            elif "content-length" in headers:
                length = int(headers["content-length"])
                if len(body) < length:
                    raise ValueError("cut short")
                body = body[:length]
        except ValueError as e:
            raise Refused("cannot reach the hub at %s (%s); is `mosaic up` running?" % (self.address.url, e), FAILED)
        return int(status_line[1]), body.decode("utf-8", "replace")

    @staticmethod
    def _dechunk(body):
        out, i = [], 0
        while True:
            end = body.find(b"\r\n", i)
            if end < 0:
                raise ValueError("cut short")
            size = int(body[i:end].split(b";")[0], 16)
            if size == 0:
                return b"".join(out)
            out.append(body[end + 2:end + 2 + size])
            i = end + 2 + size + 2

    @staticmethod
    def _refusal(status, text):
        """HubClient.refusal: the hub's JSON error ({"error", "code"}), else the status and what came with it."""
        try:
            n = json.loads(text)
        except ValueError:
            n = None
        if isinstance(n, dict):
            message = as_string(n["error"]) if "error" in n else "HTTP %d" % status
            code = as_string(n["code"]) if "code" in n else "http_%d" % status
        else:
            message = "HTTP %d: %s" % (status, text) if text else "HTTP %d" % status
            code = "http_%d" % status
        exit_code = USAGE if status in (400, 404, 409, 413) or code == "config" else FAILED
        return Refused(message, exit_code)


# ---- the commands: SendCommand, InboxCommand, PanesCommand, StatusCommand, Printer ----

def java_double(text):
    """Double.toString of what --wait accepts here (decimal, from 0.001): the same shortest digits as repr."""
    if not re.match(r"[0-9]{1,6}(\.[0-9]{1,6})?\Z", text):
        raise Handover()
    value = float(text)
    if 0 < value < 0.001:
        raise Handover()
    return value, repr(value)


def send(out, options, positionals, hub, stdin):
    to, text = positionals
    if text == "-":
        text = stdin.read().decode("utf-8", "replace")
    recipients = [s.strip(_JAVA_WHITESPACE) for s in to.split(",")]
    recipients = [s for s in recipients if s]
    if not recipients:
        raise Refused("TO names no recipient", USAGE)
    body = {"to": recipients[0] if len(recipients) == 1 else recipients, "text": text}
    for option, key in (("--subject", "subject"), ("--reply-to", "reply_to"), ("--idempotency-key", "idempotency_key")):
        if option in options:
            body[key] = options[option]
    answer, raw = hub.call("POST", "/api/v1/messages", body, 10)
    if "--json" in options:
        out.append(raw)
        return
    for m in listed(answer, "messages"):
        m = m if isinstance(m, dict) else {}
        out.append(as_string(m.get("id")) + "\t" + as_string(m.get("to_name")))


def inbox(out, options, hub):
    wait, wait_text = java_double(options.get("--wait", "0"))
    if not re.match(r"(0|[1-9][0-9]{0,8})\Z", options.get("--limit", "100")):
        raise Handover()  # a sign, a leading zero (octal to Integer.decode?): picocli decides
    limit = int(options.get("--limit", "100"))
    if wait < 0 or wait > 60:
        raise Refused("--wait must be from 0 to 60 seconds", USAGE)
    if limit < 1 or limit > 100:
        raise Refused("--limit must be from 1 to 100", USAGE)
    party = "operator" if hub.address.pane_id is None else hub.address.pane_id
    query = "?limit=%d" % limit + ("&peek=true" if "--peek" in options else "") \
        + ("&all=true" if "--all" in options else "") + ("&wait=" + wait_text if wait > 0 else "")
    answer, raw = hub.call("GET", "/api/v1/panes/" + url_encode(party) + "/inbox" + query, None, int(wait) + 10)
    if "--json" in options:
        out.append(raw)
        return
    messages = listed(answer, "messages")
    if not messages:
        out.append("No new messages.")
    for m in messages:
        time = field(m, "created_at")
        if utf16_len(time) >= 19:  # time.substring(0, 19): 19 UTF-16 units
            time = time.encode("utf-16-le", "surrogatepass")[:38].decode("utf-16-le", "surrogatepass").replace("T", " ")
        subject = field(m, "subject")
        out.append("%s  %s \u2192 %s%s  [%s]" % (time, field(m, "from_name"), field(m, "to_name"),
                                                  "  (" + subject + ")" if subject else "", field(m, "id")))
        for line in field(m, "text").split("\n"):
            out.append("    " + line)


def pane_table(out, panes):
    if not panes:
        out.append("No panes yet. Add one with `mosaic join NAME`.")
        return
    width = max([4] + [utf16_len(field(p, "name")) for p in panes])
    lead_width = max([4] + [utf16_len(lead_name(p)) for p in panes])
    out.append(pad("NAME", width) + "  STATUS   DELIVERY  AGENT           " + pad("LEAD", lead_width) + "  UNREAD  ID")
    for p in panes:
        unread = p.get("unread", 0) if isinstance(p, dict) else 0
        if isinstance(unread, bool) or not isinstance(unread, int):
            unread = 0  # JsonNode.asLong() of anything but a number: the hub sends a number
        out.append("%s  %s  %s  %s  %s  %6d  %s" % (pad(field(p, "name"), width), pad(field(p, "status"), 7),
                                                   pad(field(p, "delivery"), 8), pad(field(p, "agent_state"), 14),
                                                   pad(lead_name(p), lead_width), unread, field(p, "id")))


def lead_name(pane):
    """Printer.lead: the name of the pane's lead, or "-" when it has none."""
    name = field(pane.get("lead") if isinstance(pane, dict) else None, "name")
    return name if name else "-"


def panes(out, options, hub):
    answer, raw = hub.call("GET", "/api/v1/panes" + ("?all=true" if "--all" in options else ""), None, 10)
    if "--json" in options:
        out.append(raw)
        return
    pane_table(out, listed(answer, "panes"))


def status(out, hub):
    health, _ = hub.call("GET", "/api/v1/health", None, 5)
    all_panes = listed(hub.call("GET", "/api/v1/panes", None, 10)[0], "panes")
    live = sum(1 for p in all_panes if isinstance(p, dict) and p.get("status") == "live")
    out.append("Hub %s is up (version %s): %d panes, %d live." % (hub.address.url, as_string(health.get("version")),
                                                                 len(all_panes), live))
    out.append("You are the operator." if hub.address.pane_id is None else
               "You are pane %s." % hub.address.pane_id)
    if all_panes:
        out.append("")
        pane_table(out, all_panes)


def listed(answer, name):
    """The array the hub answers under that name (JsonNode.path: missing reads as empty)."""
    value = answer.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Refused("the hub answered something unexpected: '%s' is not an array" % name, FAILED)
    return value


class Stdin:
    """Standard input, remembered, so a hand-over can give the Java CLI what was read."""

    def __init__(self):
        self.data = None

    def read(self):
        if self.data is None:
            self.data = sys.stdin.buffer.read()
        return self.data


def hand_over(launcher, args, stdin):
    if os.environ.get("MOSAIC_FAST") == "only":  # tests: see that the fast path answered by itself
        write(sys.stderr.buffer, ["mosaic: MOSAIC_FAST=only, and this needs the Java CLI"])
        sys.exit(3)
    if stdin.data is not None:
        import tempfile  # only here: it costs as much to import as the rest
        with tempfile.TemporaryFile() as f:
            f.write(stdin.data)
            f.seek(0)
            os.dup2(f.fileno(), 0)
    env = dict(os.environ)
    env["MOSAIC_FAST"] = "0"
    sys.stdout.flush()
    os.execve(launcher, [launcher] + args, env)


def main(launcher, args):
    stdin = Stdin()
    out = []
    try:
        command = args[0]
        options, positionals = parse(command, args[1:])
        hub = Hub(Address.resolve(os.environ))
        if command == "send":
            send(out, options, positionals, hub, stdin)
        elif command == "inbox":
            inbox(out, options, hub)
        elif command == "panes":
            panes(out, options, hub)
        elif command == "status":
            if options:
                raise Handover()  # status --json: Jackson's own layout of a new object
            status(out, hub)
        else:
            raise Handover()
    except Handover:
        hand_over(launcher, args, stdin)
    except Refused as r:
        write(sys.stderr.buffer, ["mosaic: " + r.message])
        return r.code
    write(sys.stdout.buffer, out)
    return 0


def write(stream, lines):
    # As the Java CLI's PrintWriter: UTF-8, "?" for what cannot be encoded (a lone surrogate).
    stream.write("".join(line + "\n" for line in lines).encode("utf-8", "replace"))
    stream.flush()


def run():
    """The launcher's entry: sys.argv[1] is the launcher to hand over to, the rest the command's arguments."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C in `inbox --wait` ends it as it ends a JVM: no traceback
    try:
        sys.exit(main(sys.argv[1], sys.argv[2:]))
    except BrokenPipeError:
        sys.exit(FAILED)


if __name__ == "__main__":
    run()
