#!/usr/bin/env python3
"""A userspace delay line between two network namespaces (netem is not available on this kernel).

usage: delayline.py NS_A IF_A ADDR_A NS_B IF_B ADDR_B DELAY_AB_MS DELAY_BA_MS LOSS_AB_PCT LOSS_BA_PCT [JITTER_MS]

Opens one TUN device in each namespace ("root" means this process's own), gives them point-to-point addresses,
and forwards every packet to the other side after the delay of its direction (AB: sent from A's side, delivered
on B's side), dropping LOSS percent at random. Works for ICMP, TCP and UDP alike. Prints "ready" once both
devices are up. The devices disappear when the process exits; it exits when its parent does.
"""
import ctypes
import fcntl
import heapq
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
PR_SET_PDEATHSIG = 1

libc = ctypes.CDLL(None, use_errno=True)


def enter(ns_fd):
    if libc.setns(ns_fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def open_tun(ns, name, home):
    """Creates the TUN device inside namespace ns: a device belongs to the namespace it was created in."""
    target = home if ns == "root" else os.open("/var/run/netns/" + ns, os.O_RDONLY)
    enter(target)
    try:
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    finally:
        enter(home)
        if target != home:
            os.close(target)
    return fd


def ip(ns, *args):
    subprocess.run(["ip"] + ([] if ns == "root" else ["-n", ns]) + list(args), check=True)


def main(argv):
    if len(argv) not in (10, 11):
        sys.exit(__doc__)
    ns_a, if_a, addr_a, ns_b, if_b, addr_b = argv[:6]
    delay_ab, delay_ba, loss_ab, loss_ba = (float(v) for v in argv[6:10])
    jitter = float(argv[10]) if len(argv) == 11 else 0.0
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    fd_a = open_tun(ns_a, if_a, home)
    fd_b = open_tun(ns_b, if_b, home)
    ip(ns_a, "addr", "add", addr_a, "peer", addr_b, "dev", if_a)
    ip(ns_b, "addr", "add", addr_b, "peer", addr_a, "dev", if_b)
    ip(ns_a, "link", "set", if_a, "up")
    ip(ns_b, "link", "set", if_b, "up")
    route = {fd_a: (fd_b, delay_ab, loss_ab), fd_b: (fd_a, delay_ba, loss_ba)}
    queue = []
    seq = 0
    print("ready", flush=True)
    while True:
        wait = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([fd_a, fd_b], [], [], wait)
        for fd in readable:
            packet = os.read(fd, 65535)
            out, delay, loss = route[fd]
            if random.random() * 100 < loss:
                continue
            due = time.monotonic() + max(0.0, delay + random.uniform(-jitter, jitter)) / 1000
            heapq.heappush(queue, (due, seq, out, packet))
            seq += 1
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, packet = heapq.heappop(queue)
            os.write(out, packet)


if __name__ == "__main__":
    main(sys.argv[1:])
