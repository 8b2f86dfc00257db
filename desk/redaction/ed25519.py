"""Ed25519 public keys from secret seeds (RFC 8032), to recognise a Solana keypair.

A Solana keypair is 64 bytes: the 32-byte secret seed, then its public key. Checking that
the second half is the public key of the first tells a pasted keypair from a transaction
signature, which is also 64 bytes of base58. Pure Python: about two milliseconds, and only
for strings of the right length.
"""

from __future__ import annotations

import hashlib

_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_GX = 15112221349535400772501151409588531511454012693041857206046113283949847762202
_GY = 46316835694926478169428394003475163141307993866256225615783033603165251855960
_G = (_GX, _GY, 1, _GX * _GY % _P)

_Point = tuple[int, int, int, int]


def _add(p: _Point, q: _Point) -> _Point:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _multiply(scalar: int, point: _Point) -> _Point:
    result: _Point = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def public_key(seed: bytes) -> bytes:
    """Return the 32-byte Ed25519 public key of a 32-byte secret seed."""
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little")
    scalar &= (1 << 254) - 8
    scalar |= 1 << 254
    x, y, z, _ = _multiply(scalar, _G)
    z_inverse = pow(z, _P - 2, _P)
    x, y = x * z_inverse % _P, y * z_inverse % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def is_keypair(data: bytes) -> bool:
    """Whether 64 bytes are a secret seed followed by its public key."""
    return len(data) == 64 and public_key(data[:32]) == data[32:]
