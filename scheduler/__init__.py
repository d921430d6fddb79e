"""The clock process: one APScheduler BlockingScheduler running ShowUp's periodic jobs.

Never start a scheduler inside the web workers: two processes on one job store fire every job
twice. Jobs are plain functions named "module:function" that take ids, not ORM objects.
"""
