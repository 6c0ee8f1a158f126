"""A fleet's collection: every device once, then the transient failures again, streamed.

Results are handed over as each device finishes (the snapshot writer stores and drops
them), except a transient failure (refused, timeout, dropped), which waits for the retry
round at the end of the run, when a flapping device has had time to come back. The
result of a retried device carries how many sessions it took.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence

from govops.inventory.models import Device
from govops.network.models import DeviceResult
from govops.network.pool import Watchdog, stream
from govops.network.ssh import Credentials, SshOptions, host_key_policy, read_device

OnResult = Callable[[DeviceResult], None]


def collect_stream(
    devices: Sequence[Device],
    logins: Callable[[Device], Credentials],
    options: SshOptions,
    workers: int,
    retries: int = 1,
    on_result: OnResult | None = None,
    on_retry: Callable[[int, int], None] | None = None,
) -> Iterator[DeviceResult]:
    """Each device's final result, as it is known; ``on_retry(round, devices)`` narrates."""
    policy = host_key_policy(options)
    watchdog = Watchdog()
    attempts = {device.name: 0 for device in devices}

    def one(device: Device) -> DeviceResult:
        attempts[device.name] += 1
        result = read_device(device, logins(device), options, policy, watchdog)
        return dataclasses.replace(result, attempts=attempts[device.name])

    try:
        pending = list(devices)
        for round_ in range(retries + 1):
            again: list[Device] = []
            last = round_ == retries
            by_name = {device.name: device for device in pending}
            for result in stream(pending, one, workers):
                if result.transient and not last:
                    again.append(by_name[result.name])
                    continue
                if on_result is not None:
                    on_result(result)
                yield result
            if not again:
                return
            if on_retry is not None:
                on_retry(round_ + 1, len(again))
            pending = again
    finally:
        watchdog.close()
