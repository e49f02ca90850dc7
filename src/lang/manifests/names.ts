/**
 * A pip requirements file by name: requirements.txt, requirements-dev.txt, requirements.in
 * (pip-tools) and the other common spelling, dev-requirements.txt / test_requirements.in. Shared by
 * the sniffer (which files are manifests) and the manifest readers.
 */
export const REQUIREMENTS_NAME = /^(?:requirements[^/]*|[\w.-]+[-_.]requirements(?:[-_.][\w.-]+)?)\.(?:txt|in)$/i;

/**
 * A PEP 751 lock file by name: `pylock.toml`, or `pylock.<name>.toml` with no dot in the name (the
 * PEP asks for a lowercase prefix and suffix "when possible": other cases are read too).
 */
export const PYLOCK_NAME = /^pylock\.(?:[^.]+\.)?toml$/i;
