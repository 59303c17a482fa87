"""Hostile text and damaged files, shared by the fuzz tests."""

from hypothesis import strategies as st

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\ud7ff", "\u202eevil", "\ufeff", "\r\n\r\n", "\t",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "'; DROP TABLE core_user; --", "' OR '1'='1", "{{ 7*7 }}", "{% debug %}", "%s%s%n",
    "../../../../etc/passwd", "null", "None", "-1", "0", "1e309", "NaN", "-0", "\u0663\u0664", "\uff19",
    "🙂" * 40, "A" * 5000, "le3 1ab", "LE3 1AB ", "zz99 9zz", "=cmd|' /C calc'!A0",
]  # fmt: skip

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)


def value_or_hostile(value: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(value), hostile_text)


@st.composite
def damaged(draw: st.DrawFn, good: bytes) -> bytes:
    """A good file with a few random injuries: bytes changed, cut short, lines lost or doubled,
    hostile text put in, or replaced outright with noise."""
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "drop_line", "double_line",
                                     "noise", "encoding"]))  # fmt: skip
        if kind == "noise":
            return draw(st.binary(max_size=2000))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data[at:at] = draw(hostile_text).encode("utf-8", "surrogatepass")
        elif kind == "encoding":
            data = bytearray(bytes(data).decode("utf-8", "replace").encode("utf-16"))
        else:
            lines = bytes(data).split(b"\n")
            line = draw(st.integers(0, len(lines) - 1))
            if kind == "drop_line":
                del lines[line]
            else:
                lines.insert(line, lines[line])
            data = bytearray(b"\n".join(lines))
    return bytes(data)
