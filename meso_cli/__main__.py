from meso_cli.cli import main

main()
