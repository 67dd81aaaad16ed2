"""Builds the compiled DP kernel (alignkit.align._kernel) from its Cython source.

Everything else about the package is in pyproject.toml.  The extension is
optional: without a C compiler the package installs without it and aligns
with the numpy DP, which gives the same results more slowly.  The kernel is
compiled without floating-point contraction (no fused multiply-adds), so its
costs equal the numpy DP's to the last bit, and with the SHA-256 of its source,
which alignkit.align.compiled checks before using it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

KERNEL_SOURCE = "src/alignkit/align/_kernel.pyx"


class BuildKernel(build_ext):
    """build_ext with the compiler's flag against contraction (gcc, clang; MSVC does not contract),
    and without errno for sqrt (the same results; the square root inlined)."""

    def build_extensions(self) -> None:
        if self.compiler.compiler_type == "unix":
            for extension in self.extensions:
                extension.extra_compile_args += ["-O2", "-ffp-contract=off", "-fno-math-errno"]
        super().build_extensions()


source_hash = hashlib.sha256((Path(__file__).parent / KERNEL_SOURCE).read_bytes()).hexdigest()
setup(
    ext_modules=[
        Extension(
            "alignkit.align._kernel",
            [KERNEL_SOURCE],
            define_macros=[("KERNEL_SOURCE_HASH", f'"{source_hash}"')],
            optional=True,
        )
    ],
    cmdclass={"build_ext": BuildKernel},
)
