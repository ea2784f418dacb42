#!/usr/bin/env bash
# What a stack needs from a CI runner before `pulumi preview` or `pulumi up`, from the last
# deployment's outputs (`pulumi stack output --json`: {} before the first) and the config being
# previewed or deployed (`pulumi config --json`: secrets come without their values). Appends to
# $GITHUB_OUTPUT, for the step's `id` (steps.<id>.outputs.*):
#
#   aws=true|false        sign in to AWS: a backups bucket or an `aws-ecs` service is declared, or
#                         still deployed (removing one needs AWS too)
#   google=true|false     sign in to Google Cloud: a `cloud-run` service is declared, or still
#                         deployed (removing the last one needs Google too)
#   atlas=true|false      the last deployment has a MongoDB Atlas cluster (the `atlas` output; a stack
#                         never deployed, or deployed before the output existed, has none: false)
#   atlasProject=<id>     with atlas=true: its project id and cluster name, for scripts/atlas-access.sh
#   atlasCluster=<name>
#
# Prints nothing, and nothing secret reaches $GITHUB_OUTPUT (ids and names only).
# Environment: STACK, PULUMI_ACCESS_TOKEN (for pulumi), GITHUB_OUTPUT. Used by preview.yml,
# deploy.yml and rotate.yml.
set -euo pipefail

: "${STACK:?set STACK to the name of the stack}"
: "${GITHUB_OUTPUT:?set GITHUB_OUTPUT (the runner does) to the file step outputs go to}"

outputs=$(pulumi stack output --json --stack "$STACK")
config=$(pulumi config --json --stack "$STACK")

# AWS: the backups bucket or an ECS service, declared or still deployed.
aws=$(jq -n --argjson outputs "$outputs" --argjson config "$config" \
  '$config["app-platform:backups"] != null or $outputs.backups != null
   or ([(($config["app-platform:services"].objectValue // {}), ($outputs.services // {})) | objects | .[]] | any(.platform == "aws-ecs"))')
echo "aws=$aws" >> "$GITHUB_OUTPUT"

# Google Cloud: a Cloud Run service declared, or still deployed.
google=$(jq -n --argjson outputs "$outputs" --argjson config "$config" \
  '[(($config["app-platform:services"].objectValue // {}), ($outputs.services // {})) | objects | .[]] | any(.platform == "cloud-run")')
echo "google=$google" >> "$GITHUB_OUTPUT"

# MongoDB Atlas: the project and cluster of the last deployment. Before a stack's first deploy with
# atlas there is no project yet, so nothing to admit the runner to: the access steps skip.
atlas=$(jq -c '.atlas // null' <<<"$outputs")
if [ "$atlas" = null ]; then
  echo "atlas=false" >> "$GITHUB_OUTPUT"
else
  {
    echo "atlas=true"
    echo "atlasProject=$(jq -r .projectId <<<"$atlas")"
    echo "atlasCluster=$(jq -r .clusterName <<<"$atlas")"
  } >> "$GITHUB_OUTPUT"
fi
