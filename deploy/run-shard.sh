#!/bin/sh
# One index of the Indexed Job (deploy/job.yaml): deepfake-scan with the Job's arguments.
# Exit 3 (an input could not be analysed) and 5 (--fail-on matched) mean the shard finished and
# every input has its line: the pod succeeds and is not retried (a retry would analyse the same
# bad file again), and `deepfake-scan merge` reports them for the whole run. Anything else (4: the
# detector could not start; 1; killed) fails the pod, Kubernetes starts the index again, and
# --resume carries on from the lines already written. 2 (bad arguments) fails the whole Job.
deepfake-scan "$@"
code=$?
case "$code" in
  0 | 3 | 5) exit 0 ;;
  *) exit "$code" ;;
esac
