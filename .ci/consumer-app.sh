#!/usr/bin/env bash
# The example app outside the repository (issue 14): a consumer project in a temporary folder that
# takes the library from the packed tarball (dist/js, the build's last step) and names the
# validation plugin by package in its cdk8s.yaml (.ci/consumer-app/). `cdk8s synth` must pass for
# the app alone and fail, with the plugin's violations, once the app includes hand-written YAML.
#
# No network: cdk8s-cli would `npm install cdk8s-inference@<version>` into its plugins directory;
# the tarball is unpacked there instead. Its bundled dependencies (ajv, yaml) come from the tarball,
# so a runtime dependency the package does not ship fails here; the peer dependencies are links to
# this repository's copies, as a consumer's own would be.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(ls "$repo"/dist/js/cdk8s-inference@*.tgz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$repo"/.ci/consumer-app/* "$work"/

# The tarball: the plugin, the vendored schemas it reads and its bundled dependencies; no docs,
# examples or sources (the README links to them on GitHub).
files=$(tar -tzf "$tarball")
for required in package/lib/index.js package/lib/validation.js package/crds/kubernetes/k8s-core.json \
  package/crds/kserve/serving.kserve.io_inferenceservices.yaml package/crds/kfserving/serving.kubeflow.org_inferenceservices.yaml \
  package/crds/knative/service.yaml package/node_modules/ajv/package.json package/node_modules/yaml/package.json; do
  grep -qxF "$required" <<< "$files" || { echo "consumer app: $required is not in $tarball"; exit 1; }
done
unwanted=$(grep -E '^package/(docs|examples|validation|test|src|scripts|cli|bench|\.ci)/' <<< "$files" || true)
[ -z "$unwanted" ] || { echo "consumer app: the tarball holds $unwanted"; exit 1; }

package=$(tar -xzOf "$tarball" package/package.json)
version=$(node -pe 'JSON.parse(process.argv[1]).version' "$package")
plugins="$work/plugins/cdk8s-inference/$version/node_modules"
mkdir -p "$plugins/cdk8s-inference" "$work/node_modules"
tar -xzf "$tarball" -C "$plugins/cdk8s-inference" --strip-components=1
for peer in $(node -pe 'Object.keys(JSON.parse(process.argv[1]).peerDependencies).join(" ")' "$package"); do
  ln -s "$repo/node_modules/$peer" "$plugins/$peer"
  ln -s "$repo/node_modules/$peer" "$work/node_modules/$peer"
done
ln -s "$plugins/cdk8s-inference" "$work/node_modules/cdk8s-inference"
sed -i "s/^    version: .*/    version: $version/" "$work/cdk8s.yaml"

# Both synths side by side, each with its own output folder and report.
cd "$work"
synth() { CDK8S_CHECK_UPGRADE=false "$repo/node_modules/.bin/cdk8s" synth --no-check-upgrade --plugins-dir "$work/plugins" --output "dist-$1" --validation-reports-output-file "$1.json" > "$1.log" 2>&1; }
synth good & good=$!
HAND_WRITTEN=hand-written.yaml synth bad & bad=$!
good_status=0; wait "$good" || good_status=$?
bad_status=0; wait "$bad" || bad_status=$?
[ "$good_status" -eq 0 ] || { cat good.log; echo "consumer app: synth of the app alone failed ($good_status)"; exit 1; }
[ "$bad_status" -ne 0 ] || { cat bad.log; echo "consumer app: synth with hand-written mistakes passed"; exit 1; }
[ -f bad.json ] || { cat bad.log; echo "consumer app: synth with hand-written mistakes failed without a report"; exit 1; }
node check-reports.js good.json bad.json || { cat bad.log; exit 1; }
