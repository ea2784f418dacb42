#!/usr/bin/env bash
# Temporary MongoDB Atlas access for a CI runner, through the Atlas Administration API (v2).
#
#   atlas-access.sh open   admits this machine's public address to the project's IP access list, and
#                          with ATLAS_DATABASE set creates a database user that may only read that
#                          database; both expire on their own after ACCESS_MINUTES (Atlas deletes
#                          temporary entries and users at their deleteAfterDate), so a runner that
#                          dies mid-job leaves nothing open. Waits until the entry is ACTIVE and the
#                          user is APPLIED on the cluster (before that, the runner cannot connect).
#   atlas-access.sh close  removes both at once (an entry or user already gone is fine).
#
# Environment: MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY (a programmatic API key with
# Project Owner on the project: HTTP digest auth), ATLAS_PROJECT_ID, ATLAS_CLUSTER; open also uses
# ATLAS_SRV_HOST and ATLAS_DATABASE (for the user), GITHUB_RUN_ID; ATLAS_API and IP_ECHO_URL
# default to Atlas and AWS's address echo. open appends ATLAS_RUNNER_IP, ATLAS_RUNNER_USER and
# MONGODB_URI (the user's password, masked in the log) to $GITHUB_ENV for later steps and close.
set -euo pipefail

die() { echo "::error::atlas-access: $*"; exit 1; }
: "${MONGODB_ATLAS_PUBLIC_KEY:?set MONGODB_ATLAS_PUBLIC_KEY (repository secret) to an Atlas API key}"
: "${MONGODB_ATLAS_PRIVATE_KEY:?set MONGODB_ATLAS_PRIVATE_KEY (repository secret) to the private part of that key}"
: "${ATLAS_PROJECT_ID:?set ATLAS_PROJECT_ID (the stack output atlas.projectId)}"
: "${ATLAS_CLUSTER:?set ATLAS_CLUSTER (the stack output atlas.clusterName)}"
group="${ATLAS_API:-https://cloud.mongodb.com}/api/atlas/v2/groups/$ATLAS_PROJECT_ID"
minutes="${ACCESS_MINUTES:-60}"
poll="${ACCESS_POLL_SECONDS:-5}"
wait_limit="${ACCESS_WAIT_SECONDS:-600}"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

# atlas METHOD PATH [JSON]: prints the HTTP status; the answer is in $body. The key goes to curl
# through a config on a pipe, never its argv (other processes could read that).
atlas() {
    printf 'user = "%s:%s"\n' "$MONGODB_ATLAS_PUBLIC_KEY" "$MONGODB_ATLAS_PRIVATE_KEY" |
        curl -sS --digest --config - -o "$body" -w '%{http_code}' -X "$1" \
            -H "Accept: application/vnd.atlas.2023-01-01+json" \
            ${3:+-H "Content-Type: application/vnd.atlas.2023-01-01+json" --data "$3"} \
            "$group$2" || true # a connection failure prints 000
}
# Atlas's own words for a refusal: "<detail> (<errorCode>)".
reason() { jq -r '"\(.detail // .reason // "no detail") (\(.errorCode // "no error code"))"' "$body" 2>/dev/null || echo "HTTP error without a JSON body"; }

# wait_for PATH JQ-FILTER WANTED WHAT: polls until the filter yields WANTED; FAILED stops at once.
wait_for() {
    local waited=0 state
    while :; do
        [ "$(atlas GET "$1")" = 200 ] || die "could not read $4: $(reason)"
        state="$(jq -r "$2" "$body")"
        [ "$state" = "$3" ] && return 0
        [ "$state" = FAILED ] && die "Atlas could not apply $4 (FAILED)"
        [ "$waited" -ge "$wait_limit" ] && die "$4 still $state after ${wait_limit}s"
        sleep "$poll"; waited=$((waited + poll))
    done
}


case "${1:-}" in
open)
    # One expiry for the entry and the user: they are made, and lapse, together.
    expires="$(date -u -d "+$minutes minutes" +%Y-%m-%dT%H:%M:%SZ)"
    ip="$(curl -fsS --max-time 20 "${IP_ECHO_URL:-https://checkip.amazonaws.com}" | tr -d '[:space:]')" ||
        die "could not learn this runner's public address from ${IP_ECHO_URL:-https://checkip.amazonaws.com}"
    [[ "$ip" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || die "the address echo answered '$ip', not an IPv4 address"
    entry="$(jq -nc --arg ip "$ip" --arg until "$expires" --arg run "${GITHUB_RUN_ID:-manual}" \
        '[{ipAddress: $ip, comment: "CI run \($run) (temporary)", deleteAfterDate: $until}]')"
    # Atlas answers 200 here (its OpenAPI document: createAccessListEntry), 201 for a database user.
    status="$(atlas POST /accessList "$entry")"
    [ "$status" = 200 ] || die "Atlas refused the temporary access list entry for $ip (HTTP $status): $(reason)"
    echo "ATLAS_RUNNER_IP=$ip" >> "${GITHUB_ENV:-/dev/null}"
    wait_for "/accessList/$ip/status" .STATUS ACTIVE "the access list entry for $ip"
    echo "Admitted $ip to project $ATLAS_PROJECT_ID for $minutes minutes"
    if [ -n "${ATLAS_DATABASE:-}" ]; then
        : "${ATLAS_SRV_HOST:?set ATLAS_SRV_HOST (the stack output atlas.srvHost)}"
        user="ci-read-${GITHUB_RUN_ID:-manual}-${GITHUB_RUN_ATTEMPT:-1}"
        password="$(openssl rand -hex 24)"
        echo "::add-mask::$password"
        spec="$(jq -nc --arg user "$user" --arg password "$password" --arg db "$ATLAS_DATABASE" \
            --arg cluster "$ATLAS_CLUSTER" --arg group "$ATLAS_PROJECT_ID" --arg until "$expires" \
            '{groupId: $group, databaseName: "admin", username: $user, password: $password,
              roles: [{databaseName: $db, roleName: "read"}], scopes: [{name: $cluster, type: "CLUSTER"}],
              deleteAfterDate: $until, description: "CI backup check (temporary)"}')"
        status="$(atlas POST /databaseUsers "$spec")"
        [ "$status" = 201 ] || die "Atlas refused the temporary database user $user (HTTP $status): $(reason)"
        echo "ATLAS_RUNNER_USER=$user" >> "${GITHUB_ENV:-/dev/null}"
        wait_for "/clusters/$ATLAS_CLUSTER/status" .changeStatus APPLIED "the database user $user on $ATLAS_CLUSTER"
        echo "MONGODB_URI=mongodb+srv://$user:$password@${ATLAS_SRV_HOST#mongodb+srv://}/?authSource=admin" >> "${GITHUB_ENV:-/dev/null}"
        echo "Created $user (read on $ATLAS_DATABASE, $ATLAS_CLUSTER only) for $minutes minutes"
    fi
    ;;
close)
    failed=0
    if [ -n "${ATLAS_RUNNER_USER:-}" ]; then
        status="$(atlas DELETE "/databaseUsers/admin/$ATLAS_RUNNER_USER")"
        case "$status" in 204 | 404) echo "Removed $ATLAS_RUNNER_USER" ;; *) echo "::warning::could not remove $ATLAS_RUNNER_USER (HTTP $status): $(reason); Atlas deletes it at its expiry"; failed=1 ;; esac
    fi
    if [ -n "${ATLAS_RUNNER_IP:-}" ]; then
        status="$(atlas DELETE "/accessList/$ATLAS_RUNNER_IP")"
        case "$status" in 204 | 404) echo "Removed $ATLAS_RUNNER_IP from the access list" ;; *) echo "::warning::could not remove $ATLAS_RUNNER_IP (HTTP $status): $(reason); Atlas deletes it at its expiry"; failed=1 ;; esac
    fi
    exit "$failed"
    ;;
*) die "usage: atlas-access.sh open|close" ;;
esac
