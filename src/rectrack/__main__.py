from rectrack.cli.fast import main

main()
