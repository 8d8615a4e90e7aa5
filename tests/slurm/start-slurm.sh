#!/usr/bin/env bash
# Starts a one-node Slurm on this machine (Debian's munge, slurmctld and slurmd, as root), for tests/slurm/run.sh.
# Idempotent: does nothing when sinfo already answers. Writes /etc/slurm/slurm.conf only when it is absent or is this
# script's own for another host name; a site's configuration is never touched.
set -euo pipefail
if sinfo -h >/dev/null 2>&1 && [ "$(sinfo -h -o %T | head -1)" = "idle" ]; then exit 0; fi
node=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge
if [ ! -f /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
if [ -f /etc/slurm/slurm.conf ] && grep -q '^ClusterName=mlnc$' /etc/slurm/slurm.conf && ! grep -q "^SlurmctldHost=$node\$" /etc/slurm/slurm.conf; then
  rm /etc/slurm/slurm.conf
fi
if [ ! -f /etc/slurm/slurm.conf ]; then
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=mlnc
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
fi
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 60); do
  if [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = "idle" ]; then exit 0; fi
  scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true
  sleep 1
done
echo "start-slurm: the node did not become idle:" >&2
sinfo >&2 || true
tail -5 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
