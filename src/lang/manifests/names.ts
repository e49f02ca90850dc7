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

/**
 * A Dockerfile or Containerfile (Podman, Buildah) by name: `Dockerfile`, `Containerfile`, a variant
 * after `.`, `-` or `_` (`Dockerfile.gpu`, `Dockerfile-dev`, `Dockerfile_ollama`, as compose's
 * `dockerfile:` names them), or `x.dockerfile`; not a file of another format named after one
 * (`dockerfile-lint.json`). Shared by the sniffer and the image readers.
 */
export const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?!.*\.(?:json|ya?ml|toml|xml|md|txt|py|go|js|ts|sh|html?)$)(?:[._-].+)?|.+\.(?:docker|container)file)$/i;
